"""Password hashing at OWASP's recommended Argon2id parameters (Password Storage Cheat
Sheet: 19 MiB of memory, 2 iterations, 1 degree of parallelism).

Django's own Argon2PasswordHasher uses 100 MiB and 8 lanes: on a school's server with two
cores, a morning burst of a hundred logins then queues every journal save behind the
hashing. OWASP's parameters cost a few milliseconds of one core and still make an
offline attack on a stolen table expensive. The algorithm name stays "argon2", so hashes
made with other parameters (or by Django's class) still verify, and ``must_update``
re-hashes them at these parameters on the next login."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
