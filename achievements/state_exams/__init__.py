"""State exam (ОГЭ, ЕГЭ, ГВЭ) results of a class: the deputy enters them on a grid or
from a file; the director, the class teacher and the subject's teacher read them."""
