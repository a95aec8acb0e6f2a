"""Crediting a gifted learner's achievement as an attestation result (000 §1.2, §3.3):
a learner in the state register of gifted children (ГИР) may have a confirmed prize
counted as the intermediate or final attestation result in a subject not taken at the
state exam. The deputy decides; the mark is written by the same credited-result service
as credit transfer (achievements.credits), with the achievement as its source."""
