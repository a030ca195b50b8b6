# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled core: the per-block hot path of features.py and model.py in C-level loops.

Every function here has a pure-Python reference that gives the same numbers, bit for bit (the
same operations in the same order, compiled with -ffp-contract=off): `block_shapes` is
features.block_shapes, `score_rows` is ContentModel.score over features.context_features and
features.logit_context. tests/test_core.py runs both on every development page.
"""

from cpython.unicode cimport (
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISDIGIT,
    Py_UNICODE_ISLOWER,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISTITLE,
    Py_UNICODE_ISUPPER,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_READ,
    PyUnicode_Substring,
    Py_UNICODE_ISALPHA,
)

cdef extern from "Python.h":
    str PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
from libc.math cimport exp, fabs, log, log1p
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memcpy, memset
from cpython cimport array
import array as _array

cdef array.array _DOUBLES = _array.array("d")

cdef extern from *:
    """
    #ifndef CLEANTEXT_CORE_SOURCE
    #define CLEANTEXT_CORE_SOURCE "unknown"
    #endif
    """
    const char* CLEANTEXT_CORE_SOURCE

#: The SHA-256 of the _core.pyx this module was compiled from (set by the build).
SOURCE_SHA256 = CLEANTEXT_CORE_SOURCE.decode("ascii")

#: The flags a WordTable gives words of: stopwords, then features.WORD_SETS in order.
WORD_FLAGS = (1, 2, 4, 8, 16)

# Word flags in a WordTable.
cdef enum:
    STOP = 1
    YOU = 2
    WE = 4
    CTA = 8
    LEGAL = 16
    VALUE = 32

# -- reading a str ----------------------------------------------------------------------------

cdef struct Text:
    int kind
    void* data
    Py_ssize_t n

cdef inline Text view(str s):
    cdef Text t
    t.kind = PyUnicode_KIND(s)
    t.data = PyUnicode_DATA(s)
    t.n = PyUnicode_GET_LENGTH(s)
    return t

cdef inline Py_UCS4 at(Text t, Py_ssize_t i) noexcept:
    return PyUnicode_READ(t.kind, t.data, i)

cdef inline bint is_word(Py_UCS4 c) noexcept:
    # re's \w for str patterns: Unicode alphanumerics and the underscore
    if c < 128:
        return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122) or c == 95
    return Py_UNICODE_ISALNUM(c)

cdef inline bint is_space(Py_UCS4 c) noexcept:
    # str.isspace(), re's \s
    if c < 128:
        return c == 32 or (9 <= c <= 13) or (28 <= c <= 31)
    return Py_UNICODE_ISSPACE(c)

cdef inline uint64_t fnv(Text t, Py_ssize_t start, Py_ssize_t end) noexcept:
    cdef uint64_t h = 1469598103934665603ULL
    cdef Py_ssize_t i
    for i in range(start, end):
        h = (h ^ <uint64_t>at(t, i)) * 1099511628211ULL
    return h

# -- a map of strings to ids, in C ------------------------------------------------------------

cdef struct StrMap:
    Py_UCS4* chars
    Py_ssize_t n_chars
    Py_ssize_t chars_cap
    Py_ssize_t* offs
    Py_ssize_t* lens
    uint64_t* hashes
    Py_ssize_t n
    Py_ssize_t cap
    Py_ssize_t* slots
    Py_ssize_t mask

cdef int map_init(StrMap* m, Py_ssize_t expected) except -1:
    """An empty map sized for `expected` strings (it grows past that; a page's distinct words are
    far fewer than its words, so callers give a modest guess)."""
    cdef Py_ssize_t size = 16
    if expected > 4096:
        expected = 4096
    while size < 2 * expected + 2:
        size *= 2
    m.n = 0
    m.cap = expected + 1
    m.n_chars = 0
    m.chars_cap = 8 * expected + 16
    m.chars = <Py_UCS4*>malloc(m.chars_cap * sizeof(Py_UCS4))
    m.offs = <Py_ssize_t*>malloc(m.cap * sizeof(Py_ssize_t))
    m.lens = <Py_ssize_t*>malloc(m.cap * sizeof(Py_ssize_t))
    m.hashes = <uint64_t*>malloc(m.cap * sizeof(uint64_t))
    m.slots = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
    m.mask = size - 1
    if not (m.chars and m.offs and m.lens and m.hashes and m.slots):
        map_free(m)
        raise MemoryError()
    memset(m.slots, 0xFF, size * sizeof(Py_ssize_t))  # -1: empty
    return 0

cdef void map_free(StrMap* m) noexcept:
    free(m.chars)
    free(m.offs)
    free(m.lens)
    free(m.hashes)
    free(m.slots)
    m.chars = NULL
    m.offs = NULL
    m.lens = NULL
    m.hashes = NULL
    m.slots = NULL

cdef int map_grow(StrMap* m) except -1:
    cdef Py_ssize_t size = 2 * (m.mask + 1), k, slot
    cdef Py_ssize_t* slots = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
    if slots == NULL:
        raise MemoryError()
    memset(slots, 0xFF, size * sizeof(Py_ssize_t))
    for k in range(m.n):
        slot = <Py_ssize_t>(m.hashes[k] & <uint64_t>(size - 1))
        while slots[slot] >= 0:
            slot = (slot + 1) & (size - 1)
        slots[slot] = k
    free(m.slots)
    m.slots = slots
    m.mask = size - 1
    return 0

cdef Py_ssize_t map_find(StrMap* m, Text t, Py_ssize_t start, Py_ssize_t end, uint64_t h, bint add) except -2:
    """The id of t[start:end] in the map, -1 when absent (added first when `add`)."""
    cdef Py_ssize_t slot = <Py_ssize_t>(h & <uint64_t>m.mask), k, j, length = end - start
    cdef Py_UCS4* chars
    while True:
        k = m.slots[slot]
        if k < 0:
            break
        if m.hashes[k] == h and m.lens[k] == length:
            chars = m.chars + m.offs[k]
            for j in range(length):
                if chars[j] != at(t, start + j):
                    break
            else:
                return k
        slot = (slot + 1) & m.mask
    if not add:
        return -1
    if m.n == m.cap:
        m.cap *= 2
        m.offs = <Py_ssize_t*>realloc(m.offs, m.cap * sizeof(Py_ssize_t))
        m.lens = <Py_ssize_t*>realloc(m.lens, m.cap * sizeof(Py_ssize_t))
        m.hashes = <uint64_t*>realloc(m.hashes, m.cap * sizeof(uint64_t))
        if not (m.offs and m.lens and m.hashes):
            raise MemoryError()
    if m.n_chars + length > m.chars_cap:
        while m.n_chars + length > m.chars_cap:
            m.chars_cap *= 2
        m.chars = <Py_UCS4*>realloc(m.chars, m.chars_cap * sizeof(Py_UCS4))
        if m.chars == NULL:
            raise MemoryError()
    k = m.n
    m.offs[k] = m.n_chars
    m.lens[k] = length
    m.hashes[k] = h
    for j in range(length):
        m.chars[m.n_chars + j] = at(t, start + j)
    m.n_chars += length
    m.slots[slot] = k
    m.n += 1
    if 2 * m.n > m.mask:
        map_grow(m)
    return k


cdef class WordTable:
    """Words the features look up (stopwords, reader/we/call-to-action/legal words, the lexicon),
    each with its flags and log-odds, in a C hash table; built once per model and language."""

    cdef StrMap words
    cdef int* flags
    cdef double* values
    cdef int64_t* stamps
    cdef int64_t stamp

    def __cinit__(self, dict flags, dict values):
        cdef Py_ssize_t k
        cdef str word
        cdef Text t
        names = sorted(set(flags) | set(values))
        map_init(&self.words, len(names))
        self.flags = <int*>calloc(len(names) + 1, sizeof(int))
        self.values = <double*>calloc(len(names) + 1, sizeof(double))
        self.stamps = <int64_t*>calloc(len(names) + 1, sizeof(int64_t))
        if not (self.flags and self.values and self.stamps):
            raise MemoryError()
        self.stamp = 0
        for word in names:
            t = view(word)
            k = map_find(&self.words, t, 0, t.n, fnv(t, 0, t.n), True)
            self.flags[k] = flags.get(word, 0)
            if word in values:
                self.flags[k] |= VALUE
                self.values[k] = values[word]

    def __dealloc__(self):
        map_free(&self.words)
        free(self.flags)
        free(self.values)
        free(self.stamps)

    cdef inline Py_ssize_t find(self, Text t, Py_ssize_t start, Py_ssize_t end) except -2:
        return map_find(&self.words, t, start, end, fnv(t, start, end), False)


# -- features.block_shapes --------------------------------------------------------------------

cdef inline bint is_terminal_end(Py_UCS4 c) noexcept:
    return c == 46 or c == 33 or c == 63 or c == 0x3002 or c == 0xFF01 or c == 0xFF1F  # . ! ? 。！？

cdef inline bint is_inner_closer(Py_UCS4 c) noexcept:
    return c == 34 or c == 39 or c == 0x201D or c == 0x2019 or c == 41  # " ' ” ’ )

cdef inline bint is_ellipsis_closer(Py_UCS4 c) noexcept:
    return is_inner_closer(c) or c == 93  # and ]

cdef inline bint is_terminal_closer(Py_UCS4 c) noexcept:
    return is_ellipsis_closer(c) or c == 0xBB  # and »

cdef inline bint is_comma(Py_UCS4 c) noexcept:
    return c == 44 or c == 59 or c == 0x3001 or c == 0xFF0C  # , ; 、 ，

cdef inline bint is_separator(Py_UCS4 c) noexcept:
    # | / » › > • · – -
    return (c == 124 or c == 47 or c == 0xBB or c == 0x203A or c == 62 or c == 0x2022 or c == 0xB7
            or c == 0x2013 or c == 45)

cdef inline bint is_bullet(Py_UCS4 c) noexcept:
    return c == 45 or c == 42 or c == 0x2022 or c == 0x25AA or c == 0x25CF or c == 0x2013  # - * • ▪ ● –


cdef bint ends_with_terminal(Text t):
    """features._TERMINAL: a sentence end, then closing quotes or brackets, at the end."""
    cdef Py_ssize_t i = t.n - 1
    while i >= 0 and is_terminal_closer(at(t, i)):
        i -= 1
    return i >= 0 and is_terminal_end(at(t, i))


cdef bint ends_with_ellipsis(Text t):
    """features._ELLIPSIS: "..." or "\u2026", then closing quotes or brackets, at the end."""
    cdef Py_ssize_t i = t.n - 1
    while i >= 0 and is_ellipsis_closer(at(t, i)):
        i -= 1
    if i >= 0 and at(t, i) == 0x2026:
        return True
    return i >= 2 and at(t, i) == 46 and at(t, i - 1) == 46 and at(t, i - 2) == 46


cdef Py_ssize_t count_inner_ends(Text t):
    """len(features._INNER_END.findall(text)): a sentence end, closers, white space, a character."""
    cdef Py_ssize_t i = 0, j, count = 0
    while i < t.n:
        if is_terminal_end(at(t, i)):
            j = i + 1
            while j < t.n and is_inner_closer(at(t, j)):
                j += 1
            if j < t.n and is_space(at(t, j)):
                while j < t.n and is_space(at(t, j)):
                    j += 1
                if j < t.n:
                    count += 1
                    i = j + 1
                    continue
        i += 1
    return count


cdef Py_ssize_t count_separators(Text t):
    """len(features._SEPARATOR.findall(text)): " | ", " / ", " » " and the like, or "\u00a0|"."""
    cdef Py_ssize_t i = 0, count = 0
    while i < t.n:
        if i + 2 < t.n and is_space(at(t, i)) and is_separator(at(t, i + 1)) and is_space(at(t, i + 2)):
            count += 1
            i += 3
        elif i + 1 < t.n and at(t, i) == 0xA0 and at(t, i + 1) == 124:
            count += 1
            i += 2
        else:
            i += 1
    return count


cdef bint has_at(Text t, Py_ssize_t i, const char* literal) noexcept:
    """t[i:] starts with the ASCII `literal`."""
    cdef Py_ssize_t k = 0
    while literal[k] != 0:
        if i + k >= t.n or at(t, i + k) != <Py_UCS4>literal[k]:
            return False
        k += 1
    return True


cdef const char* DOMAINS[5]
DOMAINS[:] = [b"com", b"org", b"net", b"html", b"htm"]
cdef Py_ssize_t DOMAIN_LENGTHS[5]
DOMAIN_LENGTHS[:] = [3, 3, 3, 4, 3]


cdef bint is_urlish(Text t):
    """features._URLISH: a scheme, "www.", a common domain ending or an e-mail address."""
    cdef Py_ssize_t i, j, k
    cdef Py_UCS4 c
    for i in range(t.n):
        c = at(t, i)
        if c == 104 and (has_at(t, i, b"http://") or has_at(t, i, b"https://")):
            return True
        if c == 119 and has_at(t, i, b"www."):
            return True
        if c == 46:
            for j in range(5):
                k = i + 1 + DOMAIN_LENGTHS[j]
                if has_at(t, i + 1, DOMAINS[j]) and (k == t.n or not is_word(at(t, k))):
                    return True
        if c == 64:
            j = i + 1
            while j < t.n and is_word(at(t, j)):
                j += 1
            if j > i + 1 and j + 1 < t.n and at(t, j) == 46 and is_word(at(t, j + 1)):
                return True
    return False


cdef bint starts_with_bullet(Text t):
    """features._BULLET: a bullet sign or a number of 1-3 digits with "." or ")", then a space."""
    cdef Py_ssize_t i = 0, j
    while i < t.n and is_space(at(t, i)):
        i += 1
    if i + 1 < t.n and is_bullet(at(t, i)) and is_space(at(t, i + 1)):
        return True
    j = i
    while j < t.n and Py_UNICODE_ISDECIMAL(at(t, j)):
        j += 1
    return 1 <= j - i <= 3 and j + 1 < t.n and (at(t, j) == 46 or at(t, j) == 41) and is_space(at(t, j + 1))


cdef bint has_copyright(Text t):
    """features._COPYRIGHT: "\u00a9", or "(c)" then white space and four digits, in any case."""
    cdef Py_ssize_t i, j, k
    for i in range(t.n):
        if at(t, i) == 0xA9:
            return True
        if at(t, i) == 40 and i + 2 < t.n and (at(t, i + 1) == 99 or at(t, i + 1) == 67) and at(t, i + 2) == 41:
            j = i + 3
            while j < t.n and is_space(at(t, j)):
                j += 1
            for k in range(4):
                if j + k >= t.n or not Py_UNICODE_ISDECIMAL(at(t, j + k)):
                    break
            else:
                return True
    return False


cdef inline bint is_upper(Py_UCS4 c) noexcept:
    return (65 <= c <= 90) if c < 128 else Py_UNICODE_ISUPPER(c) != 0


cdef inline bint is_decimal(Py_UCS4 c) noexcept:
    return (48 <= c <= 57) if c < 128 else Py_UNICODE_ISDECIMAL(c)


cdef inline Py_UCS4 ascii_lower(Py_UCS4 c) noexcept:
    return <Py_UCS4>(<unsigned int>c + 32) if 65 <= c <= 90 else c


cdef const char* MONTHS = b"janfebmaraprmayjunjulaugsepoctnovdec"


cdef inline bint folds_to_ascii(Py_UCS4 c) noexcept:
    # The letters that re's IGNORECASE matches to an ASCII letter: İ, ı, ſ, the Kelvin sign.
    return c == 0x130 or c == 0x131 or c == 0x17F or c == 0x212A


cdef bint may_hold_date(Text t) noexcept:
    """Whether features.DATE can match: a run of four digits, a digit next to "." "/" "-", or a
    month's first three letters (or a letter IGNORECASE folds to an ASCII one): never a wrong
    "no"."""
    cdef Py_ssize_t i, run = 0, k
    cdef Py_UCS4 c, previous = 0
    for i in range(t.n):
        c = at(t, i)
        if folds_to_ascii(c):
            return True
        if is_decimal(c):
            run += 1
            if run >= 4 or previous == 46 or previous == 47 or previous == 45:
                return True
        else:
            if run and (c == 46 or c == 47 or c == 45):
                return True
            run = 0
        if i + 2 < t.n:
            for k in range(12):
                if (ascii_lower(c) == <Py_UCS4>MONTHS[3 * k] and ascii_lower(at(t, i + 1)) == <Py_UCS4>MONTHS[3 * k + 1]
                        and ascii_lower(at(t, i + 2)) == <Py_UCS4>MONTHS[3 * k + 2]):
                    return True
        previous = c
    return False


cdef bint may_hold_price(Text t) noexcept:
    """Whether features.PRICE can match: a currency sign, "eur" or "usd" in any case, the "ł" of
    "zł", the "р" of "руб" (or a letter IGNORECASE folds to an ASCII one): never a wrong "no"."""
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    for i in range(t.n):
        c = at(t, i)
        if (c == 36 or c == 0x20AC or c == 0xA3 or c == 0xA5 or c == 0x141 or c == 0x142
                or c == 0x420 or c == 0x440 or folds_to_ascii(c)):
            return True
        if i + 2 < t.n:
            if ascii_lower(c) == 101 and ascii_lower(at(t, i + 1)) == 117 and ascii_lower(at(t, i + 2)) == 114:
                return True
            if ascii_lower(c) == 117 and ascii_lower(at(t, i + 1)) == 115 and ascii_lower(at(t, i + 2)) == 100:
                return True
    return False


def block_shapes(list texts, skip, WordTable table, double neutral, date_search, price_search, Py_ssize_t width):
    """features.block_shapes over a WordTable (the stopwords, word sets and lexicon): the
    numbers of features.Rows, an array('d') of width numbers a block."""
    cdef Py_ssize_t k, i, n, start, digits, title, upper, stop, you, we, cta, legal, known, word_id
    cdef Py_ssize_t inner, commas, length
    cdef int flags
    cdef bint token_digit, token_upper, token_cased, terminal, ellipsis
    cdef Py_UCS4 first
    cdef double total
    cdef double values[32]
    cdef Text t, low
    cdef Py_UCS4 c, last
    cdef str text, lower
    if width > 32:
        raise ValueError(f"block_shapes: {width} features, room for 32")
    cdef array.array out = array.clone(_DOUBLES, len(texts) * width, zero=True)
    cdef double* rows = out.data.as_doubles
    for k in range(len(texts)):
        text = texts[k]
        if skip[k]:
            continue
        t = view(text)
        n = digits = title = upper = 0
        i = 0
        while i < t.n:
            c = at(t, i)
            if not is_word(c):
                i += 1
                continue
            n += 1
            # str.isupper() of one character reads only its upper-case property
            title += is_upper(c)
            first = c
            start = i
            token_digit = True
            token_upper = True
            token_cased = False
            while i < t.n and is_word(at(t, i)):
                c = at(t, i)
                if c < 128:
                    # ASCII: the same answers as the Unicode properties below, without a call
                    if not (48 <= c <= 57):
                        token_digit = False
                    if 97 <= c <= 122:
                        token_upper = False
                    elif 65 <= c <= 90:
                        token_cased = True
                else:
                    if not Py_UNICODE_ISDIGIT(c):
                        token_digit = False
                    if Py_UNICODE_ISLOWER(c) or Py_UNICODE_ISTITLE(c):
                        token_upper = False
                    elif Py_UNICODE_ISUPPER(c):
                        token_cased = True
                i += 1
            digits += token_digit
            if i - start == 1:
                upper += is_upper(first)
            else:
                upper += token_upper and token_cased
        if n == 0:
            continue
        lower = text.lower()
        low = view(lower)
        stop = you = we = cta = legal = known = 0
        total = 0.0
        table.stamp += 1
        i = 0
        while i < low.n:
            if not is_word(at(low, i)):
                i += 1
                continue
            start = i
            while i < low.n and is_word(at(low, i)):
                i += 1
            word_id = table.find(low, start, i)
            if word_id < 0:
                continue
            flags = table.flags[word_id]
            stop += (flags & STOP) != 0
            you += (flags & YOU) != 0
            we += (flags & WE) != 0
            cta += (flags & CTA) != 0
            legal += (flags & LEGAL) != 0
            if flags & VALUE and table.stamps[word_id] != table.stamp:
                table.stamps[word_id] = table.stamp
                total += table.values[word_id]
                known += 1
        terminal = ends_with_terminal(t)
        ellipsis = ends_with_ellipsis(t)
        inner = count_inner_ends(t)
        commas = 0
        for i in range(t.n):
            commas += is_comma(at(t, i))
        # text.rstrip(): its last character that is not white space
        i = t.n - 1
        while i >= 0 and is_space(at(t, i)):
            i -= 1
        last = at(t, i) if i >= 0 else 0
        values[0] = log1p(<double>n)
        values[1] = log(<double>t.n / <double>n)
        values[2] = <double>(terminal and not ellipsis)
        values[3] = <double>ellipsis
        values[4] = <double>(last == 58)
        values[5] = <double>(last == 63)
        values[6] = <double>stop / <double>n
        values[7] = <double>commas / <double>n
        if values[7] > 1.0:
            values[7] = 1.0
        values[8] = log1p(<double>inner)
        values[9] = <double>digits / <double>n
        values[10] = <double>title / <double>n
        values[11] = <double>upper / <double>n
        values[12] = log1p(<double>count_separators(t))
        values[13] = <double>is_urlish(t)
        values[14] = <double>(digits > 0 and may_hold_date(t) and date_search(text) is not None)
        values[15] = <double>(digits > 0 and may_hold_price(t) and price_search(text) is not None)
        values[16] = <double>starts_with_bullet(t)
        values[17] = <double>(n <= 4)
        values[18] = <double>((n >= 12 and terminal and not ellipsis and values[6] >= 0.15) or (n >= 40 and inner >= 2))
        values[19] = <double>(u"|" in text)
        values[20] = <double>you / <double>n
        values[21] = <double>we / <double>n
        values[22] = <double>cta / <double>n
        values[23] = <double>legal / <double>n + <double>has_copyright(t)
        values[24] = (total + neutral) / <double>(known + 1)
        memcpy(rows + k * width, values, width * sizeof(double))
    return out


# -- settle's classification rounds: ContentModel.score_page, classify.classify_blocks ----------

cdef inline double window_mean(double* prefix, Py_ssize_t lo, Py_ssize_t hi, Py_ssize_t n) noexcept:
    if lo < 0:
        lo = 0
    if hi > n:
        hi = n
    return (prefix[hi] - prefix[lo]) / <double>(hi - lo)


cdef void max_sum_run(double* values, Py_ssize_t n, Py_ssize_t* first, Py_ssize_t* last) noexcept:
    """features.max_sum_run: Kadane's algorithm, the first run with the largest positive sum."""
    cdef double best = 0.0, total = 0.0
    cdef Py_ssize_t i, run_start = 0
    first[0] = 0
    last[0] = -1
    for i in range(n):
        if total <= 0:
            total = values[i]
            run_start = i
        else:
            total += values[i]
        if total > best:
            best = total
            first[0] = run_start
            last[0] = i


cdef class _Scratch:
    """C arrays for one page, freed together."""

    cdef void** blocks
    cdef Py_ssize_t count

    def __cinit__(self):
        self.blocks = <void**>calloc(64, sizeof(void*))
        self.count = 0

    cdef void* take(self, Py_ssize_t size) except NULL:
        cdef void* block = calloc(size if size > 0 else 1, 1)
        if block == NULL or self.count == 64:
            free(block)
            raise MemoryError()
        self.blocks[self.count] = block
        self.count += 1
        return block

    def __dealloc__(self):
        cdef Py_ssize_t k
        for k in range(self.count):
            free(self.blocks[k])
        free(self.blocks)


# A block's rule, as settle's rounds read it (pipeline._CATEGORIES maps page.rules to these).
cdef enum:
    CAT_NONE = 0
    CAT_USER_KEEP = 1
    CAT_USER_DROP = 2
    CAT_RULED = 3
    CAT_SECTION = 4  # a rule that opens a section of teasers (phrases.SECTION_HEADERS)

# Reason codes of classify.classify_blocks (R_RULE: the rule's own reason, page.rules[i]).
cdef enum:
    R_RULE = 0
    R_CONTENT = 1
    R_HEADING = 2
    R_LOW = 3
    R_MENU = 4
    R_RELATED = 5

cdef enum:
    N_NONE = 0
    N_JOINED = 1
    N_TITLE = 2
    N_FALLBACK = 3
    N_NO_WORDS = 4

#: What PageCore's reason and note codes stand for.
REASON_NAMES = (None, "content", "heading", "low_content", "nav_menu", "related_links")
NOTE_NAMES = (None, "joined", "title", "fallback", "no_words")

cdef enum:
    TITLE_MIN_WORDS = 2  # classify._TITLE_MIN_WORDS
    N_CONTEXT = 32  # len(features.CONTEXT)
    N_LOGIT = 15  # len(features.LOGIT_CONTEXT)


cdef class PageCore:
    """One page's blocks as settle's classification rounds read them, and each block's last
    decision: pipeline._judge (model.ContentModel.score_page, classify.classify_blocks) in C."""

    cdef _Scratch mem
    cdef Py_ssize_t n, n_own, n_keys, n_ids, i_prose, i_terminal
    cdef object shapes  # the buffer `own` points into, held while this object lives
    cdef const double[::1] own_view
    cdef const double* own
    cdef int64_t* words
    cdef char* cat
    cdef char* worded
    cdef char* laid_out  # code or a table: no headline
    cdef Py_ssize_t* key_id
    cdef Py_ssize_t* word_id
    cdef Py_ssize_t* word_start
    cdef char* content
    cdef double* c1
    cdef double* c2
    cdef double b1, b2
    cdef char* kept
    cdef char* reason
    cdef char* note
    cdef double* prob
    cdef char* main

    def __cinit__(
        self, shapes, list words, list keys, bytes cats, bytes laid_out, WordTable table,
        tuple coef1, double bias1, tuple coef2, double bias2, Py_ssize_t i_prose, Py_ssize_t i_terminal,
    ):
        cdef Py_ssize_t n = len(words), i, k, j, lo, count, w, id_
        cdef Text t
        cdef StrMap key_map, word_map
        self.mem = _Scratch()
        self.n = n
        self.n_own = len(coef1) - N_CONTEXT
        if len(coef1) != self.n_own + N_CONTEXT or len(coef2) != len(coef1) + N_LOGIT:
            raise ValueError(f"PageCore: {len(coef1)} and {len(coef2)} weights for {self.n_own} own features")
        self.i_prose = i_prose
        self.i_terminal = i_terminal
        # the page's own shapes (features.Rows.values, n rows of n_own numbers), read in place
        self.shapes = shapes
        self.own_view = shapes
        if self.own_view.shape[0] != n * self.n_own:
            raise ValueError(f"PageCore: {self.own_view.shape[0]} shape numbers for {n} blocks")
        self.own = &self.own_view[0] if n else NULL
        self.words = <int64_t*>self.mem.take(n * sizeof(int64_t))
        self.cat = <char*>self.mem.take(n)
        self.worded = <char*>self.mem.take(n)
        self.laid_out = <char*>self.mem.take(n)
        self.key_id = <Py_ssize_t*>self.mem.take(n * sizeof(Py_ssize_t))
        self.word_start = <Py_ssize_t*>self.mem.take((n + 1) * sizeof(Py_ssize_t))
        self.c1 = <double*>self.mem.take(len(coef1) * sizeof(double))
        self.c2 = <double*>self.mem.take(len(coef2) * sizeof(double))
        self.kept = <char*>self.mem.take(n)
        self.reason = <char*>self.mem.take(n)
        self.note = <char*>self.mem.take(n)
        self.prob = <double*>self.mem.take(n * sizeof(double))
        self.main = <char*>self.mem.take(n)
        self.b1 = bias1
        self.b2 = bias2
        for k in range(len(coef1)):
            self.c1[k] = coef1[k]
        for k in range(len(coef2)):
            self.c2[k] = coef2[k]
        for i in range(n):
            self.kept[i] = -1
            self.words[i] = words[i]
            self.worded[i] = self.words[i] > 0
            self.laid_out[i] = laid_out[i]
            self.cat[i] = cats[i]
        # Each key as an id (equal keys, equal ids) and as its words' ids (split on " ").
        count = 0
        for i in range(n):
            t = view(<str>keys[i])
            count += 1
            for j in range(t.n):
                count += at(t, j) == 32
        self.word_id = <Py_ssize_t*>self.mem.take(count * sizeof(Py_ssize_t))
        map_init(&key_map, n)
        map_init(&word_map, count)
        try:
            count = 0
            for i in range(n):
                t = view(<str>keys[i])
                self.key_id[i] = map_find(&key_map, t, 0, t.n, fnv(t, 0, t.n), True)
                self.word_start[i] = count
                lo = 0
                for j in range(t.n + 1):
                    if j == t.n or at(t, j) == 32:
                        self.word_id[count] = map_find(&word_map, t, lo, j, fnv(t, lo, j), True)
                        count += 1
                        lo = j + 1
            self.word_start[n] = count
            self.n_keys = key_map.n
            self.n_ids = word_map.n
            # per word: 1 = a content word (not empty, not a stopword), 2 = and not all digits
            self.content = <char*>self.mem.take(word_map.n + 1)
            for w in range(word_map.n):
                t.kind = 4
                t.data = word_map.chars + word_map.offs[w]
                t.n = word_map.lens[w]
                if t.n == 0:
                    continue
                id_ = table.find(t, 0, t.n)
                if id_ >= 0 and table.flags[id_] & STOP:
                    continue
                self.content[w] = 1
                for j in range(t.n):
                    if not Py_UNICODE_ISDIGIT(at(t, j)):
                        self.content[w] = 2
                        break
        finally:
            map_free(&key_map)
            map_free(&word_map)

    def judge(self, list alive, double threshold, bint keep_weak, Py_ssize_t rounds, Py_ssize_t max_rounds, list sizes):
        """Classify the blocks `alive` (page order), again on what survives until nothing more
        goes or `max_rounds` rounds have run in all; return the kept blocks and the rounds run."""
        cdef Py_ssize_t m = len(alive), k, j
        cdef _Scratch mem = _Scratch()
        cdef Py_ssize_t* a = <Py_ssize_t*>mem.take((m + 1) * sizeof(Py_ssize_t))
        for k in range(m):
            a[k] = alive[k]
        while m > 0:
            rounds += 1
            sizes.append(m)
            self._round(a, m, threshold, keep_weak)
            j = 0
            for k in range(m):
                if self.kept[a[k]] == 1:
                    a[j] = a[k]
                    j += 1
            if j < m and rounds < max_rounds:
                m = j
                continue
            m = j
            break
        return [a[k] for k in range(m)], rounds

    def columns(self):
        """Each block's last decision: kept (None: never classified), reason and note codes,
        probability, whether it stood in the main run."""
        kept = [None if self.kept[i] < 0 else bool(self.kept[i]) for i in range(self.n)]
        return (
            kept,
            [self.reason[i] for i in range(self.n)],
            [self.note[i] for i in range(self.n)],
            [self.prob[i] for i in range(self.n)],
            [bool(self.main[i]) for i in range(self.n)],
        )

    cdef void _round(self, Py_ssize_t* a, Py_ssize_t m, double threshold, bint keep_weak) except *:
        cdef _Scratch mem = _Scratch()
        cdef Py_ssize_t* ch = <Py_ssize_t*>mem.take((m + 1) * sizeof(Py_ssize_t))
        cdef double* touch = <double*>mem.take((m + 1) * sizeof(double))
        cdef int64_t* before = <int64_t*>mem.take((m + 1) * sizeof(int64_t))
        cdef double* p = <double*>mem.take((m + 1) * sizeof(double))
        cdef char* prose = <char*>mem.take(m + 1)
        cdef char* main = <char*>mem.take(m + 1)
        cdef char* menu = <char*>mem.take(m + 1)
        cdef char* keep = <char*>mem.take(m + 1)
        cdef char* reason = <char*>mem.take(m + 1)
        cdef char* note = <char*>mem.take(m + 1)
        cdef Py_ssize_t k, mc = 0, count = 0, i, j
        cdef bint ruled
        for k in range(m):
            if self.cat[a[k]] >= CAT_USER_DROP:
                count += 1
                continue
            ch[mc] = a[k]
            touch[mc] = <double>((k > 0 and self.cat[a[k - 1]] >= CAT_USER_DROP)
                                 or (k + 1 < m and self.cat[a[k + 1]] >= CAT_USER_DROP))
            before[mc] = count
            mc += 1
        cdef double* pc = <double*>mem.take((mc + 1) * sizeof(double))
        cdef char* prose_c = <char*>mem.take(mc + 1)
        cdef char* main_c = <char*>mem.take(mc + 1)
        cdef char* menu_c = <char*>mem.take(mc + 1)
        if mc:
            self._score(ch, mc, touch, before, count, pc, prose_c, main_c, menu_c)
        j = 0
        for k in range(m):
            if self.cat[a[k]] >= CAT_USER_DROP:
                continue  # ruled: probability 0, nothing to say (calloc's zeros)
            p[k] = pc[j]
            prose[k] = prose_c[j]
            main[k] = main_c[j]
            menu[k] = menu_c[j]
            j += 1
        self._classify(a, m, p, prose, menu, threshold, keep_weak, keep, reason, note)
        for k in range(m):
            i = a[k]
            self.kept[i] = keep[k]
            self.reason[i] = reason[k]
            self.note[i] = note[k]
            self.prob[i] = p[k]
            self.main[i] = main[k]

    cdef void _classify(
        self, Py_ssize_t* a, Py_ssize_t m, double* p, char* prose, char* menu, double threshold,
        bint keep_weak, char* keep, char* reason, char* note,
    ) noexcept:
        """classify.classify_blocks over the alive blocks' columns."""
        cdef Py_ssize_t k, i, following, sweep, step, start, stop
        cdef int c
        cdef bint in_section = False, previous, furnished = False, any_kept = False
        cdef double floor = threshold * 0.5, best
        # model_verdicts
        for k in range(m):
            i = a[k]
            c = self.cat[i]
            note[k] = N_NONE
            if c == CAT_USER_KEEP:
                keep[k], reason[k] = 1, R_RULE
                in_section = False
            elif c >= CAT_USER_DROP:
                keep[k], reason[k] = 0, R_RULE
                in_section = c == CAT_SECTION or (in_section and c != CAT_USER_DROP)
            elif in_section and not prose[k]:
                keep[k], reason[k] = 0, R_RELATED
            elif not self.worded[i]:
                keep[k], reason[k], note[k] = 0, R_LOW, N_NO_WORDS
            elif p[k] >= threshold:
                keep[k], reason[k] = 1, R_CONTENT
                in_section = False
            else:
                in_section = in_section and not prose[k]
                keep[k], reason[k] = 0, (R_MENU if menu[k] else R_LOW)
        # join_prose_runs: forward, then backward, over the blocks no rule decided
        for sweep in range(2):
            previous = False
            if sweep == 0:
                start, stop, step = 0, m, 1
            else:
                start, stop, step = m - 1, -1, -1
            k = start
            while k != stop:
                if self.cat[a[k]] == CAT_NONE:
                    if (previous and not keep[k] and prose[k] and p[k] >= floor
                            and (reason[k] == R_LOW or reason[k] == R_MENU)):
                        keep[k], reason[k], note[k] = 1, R_CONTENT, N_JOINED
                    previous = keep[k] and prose[k]
                k += step
        # keep_title
        for k in range(m - 1):
            if keep[k]:
                break
            i = a[k]
            if (keep[k + 1] and prose[k + 1] and not prose[k] and p[k] >= floor and self.words[i] >= TITLE_MIN_WORDS
                    and not self.laid_out[i]
                    and (reason[k] == R_LOW or (reason[k] == R_MENU and self.words[i] > TITLE_MIN_WORDS))):
                keep[k], reason[k], note[k] = 1, R_CONTENT, N_TITLE
                break
        # keep_best_of_weak_page
        for k in range(m):
            any_kept = any_kept or keep[k]
            furnished = furnished or self.cat[a[k]] >= CAT_USER_DROP
        if keep_weak and not any_kept:
            best = -1.0
            for k in range(m):
                if ((reason[k] == R_LOW or reason[k] == R_MENU) and self.cat[a[k]] == CAT_NONE
                        and (prose[k] or not furnished) and p[k] > best):
                    best = p[k]
            floor = 0.5 * (best if best >= 0 else 1.0)
            for k in range(m):
                if ((reason[k] == R_LOW or reason[k] == R_MENU) and self.cat[a[k]] == CAT_NONE
                        and (prose[k] or not furnished) and p[k] >= floor):
                    keep[k], reason[k], note[k] = 1, R_CONTENT, N_FALLBACK
        # name_headings
        following = -1
        for k in range(m - 1, -1, -1):
            if (reason[k] == R_CONTENT and following >= 0 and not prose[k] and prose[following]
                    and not self.laid_out[a[k]]):
                reason[k] = R_HEADING
            if keep[k]:
                following = k

    cdef void _score(
        self, Py_ssize_t* ch, Py_ssize_t n, double* touch, int64_t* before, Py_ssize_t rules_total,
        double* out_p, char* out_prose, char* out_main, char* out_menu,
    ) except *:
        """ContentModel.score over features.context_features of the blocks `ch` (page order)."""
        cdef Py_ssize_t n_own = self.n_own, n_ctx = N_CONTEXT, n_logit = N_LOGIT
        cdef Py_ssize_t i, k, j, start, end, first_prose, last_prose, b_start, b_end, count
        cdef _Scratch mem = _Scratch()
        cdef double* ctx = <double*>mem.take(n * n_ctx * sizeof(double))
        cdef int64_t* wc = <int64_t*>mem.take(n * sizeof(int64_t))
        cdef double* prose = <double*>mem.take(n * sizeof(double))
        cdef double* terminal = <double*>mem.take(n * sizeof(double))
        cdef double* log_words = <double*>mem.take(n * sizeof(double))
        cdef double* prose_prefix = <double*>mem.take((n + 1) * sizeof(double))
        cdef int64_t* word_prefix = <int64_t*>mem.take((n + 1) * sizeof(int64_t))
        cdef Py_ssize_t* runs = <Py_ssize_t*>mem.take(n * sizeof(Py_ssize_t))
        cdef Py_ssize_t* alike = <Py_ssize_t*>mem.take(n * sizeof(Py_ssize_t))
        cdef Py_ssize_t* nearest = <Py_ssize_t*>mem.take(n * sizeof(Py_ssize_t))
        cdef Py_ssize_t* key_count = <Py_ssize_t*>mem.take((self.n_keys + 1) * sizeof(Py_ssize_t))
        cdef Py_ssize_t* vocabulary = <Py_ssize_t*>mem.take((self.n_ids + 1) * sizeof(Py_ssize_t))
        cdef Py_ssize_t* own_count = <Py_ssize_t*>mem.take((self.n_ids + 1) * sizeof(Py_ssize_t))
        cdef double* values = <double*>mem.take(n * sizeof(double))
        cdef double* z1 = <double*>mem.take(n * sizeof(double))
        cdef double* prefix = <double*>mem.take((n + 1) * sizeof(double))
        cdef const double* row
        cdef double* ctxrow
        cdef double* c1 = self.c1
        cdef double* c2 = self.c2
        cdef double total, z, top, third, mean, positive, page_prose, short_ratio, mean_log_words
        cdef double main_share, log_blocks, menu_run = log1p(3.0)
        cdef int64_t total_words, main_words
        cdef double lx[N_LOGIT]
        cdef bint inside
        cdef Py_ssize_t dist, lo3, hi3, lo10, hi10, found, considered, b
        for i in range(n):
            b = ch[i]
            row = self.own + b * n_own
            wc[i] = self.words[b]
            prose[i] = row[self.i_prose]
            terminal[i] = row[self.i_terminal]
            log_words[i] = log1p(<double>wc[i])
        # densest_run: prose weighs its words, ruled neighbours a large penalty, the rest a small one
        for i in range(n):
            values[i] = <double>wc[i] if prose[i] != 0 else (-15.0 if touch[i] != 0 else -4.0)
        max_sum_run(values, n, &start, &end)
        total_words = 0
        main_words = 0
        count = 0
        prose_prefix[0] = 0.0
        word_prefix[0] = 0
        for i in range(n):
            total_words += wc[i]
            if start <= i <= end:
                main_words += wc[i]
            prose_prefix[i + 1] = prose_prefix[i] + prose[i]
            word_prefix[i + 1] = word_prefix[i] + wc[i]
            count += wc[i] <= 4
        if total_words == 0:
            total_words = 1
        page_prose = prose_prefix[n] / <double>n
        short_ratio = <double>count / <double>n
        total = 0.0
        for i in range(n):
            total += log_words[i]
        mean_log_words = total / <double>n
        log_blocks = log1p(<double>n)
        main_share = <double>main_words / <double>total_words
        # runs of non-prose blocks (_short_runs) and of alike blocks (_alike_runs)
        i = 0
        while i < n:
            if prose[i] != 0:
                runs[i] = 0
                i += 1
                continue
            j = i
            while j < n and prose[j] == 0:
                j += 1
            for k in range(i, j):
                runs[k] = j - i
            i = j
        i = 0
        while i < n:
            j = i + 1
            while j < n and terminal[j] == terminal[j - 1] and fabs(log_words[j] - log_words[j - 1]) < 0.5:
                j += 1
            for k in range(i, j):
                alike[k] = j - i
            i = j
        # _distance_to_prose
        first_prose = n
        last_prose = -1
        k = -n
        for i in range(n):
            if prose[i] != 0:
                k = i
                if first_prose == n:
                    first_prose = i
                last_prose = i
            nearest[i] = i - k
        k = 2 * n
        for i in range(n - 1, -1, -1):
            if prose[i] != 0:
                k = i
            if k - i < nearest[i]:
                nearest[i] = k - i
            if n < nearest[i]:
                nearest[i] = n
        for i in range(n):
            key_count[self.key_id[ch[i]]] += 1
        for k in range(start, end + 1):
            if prose[k] != 0:
                for j in range(self.word_start[ch[k]], self.word_start[ch[k] + 1]):
                    vocabulary[self.word_id[j]] += 1
        for i in range(n):
            b = ch[i]
            ctxrow = ctx + i * n_ctx
            inside = start <= i <= end
            dist = 0 if inside else (start - i if i < start else i - end)
            lo3 = i - 3 if i >= 3 else 0
            hi3 = i + 4 if i + 4 < n else n
            lo10 = i - 10 if i >= 10 else 0
            hi10 = i + 11 if i + 11 < n else n
            ctxrow[0] = <double>i / <double>n
            ctxrow[1] = log_blocks
            ctxrow[2] = page_prose
            ctxrow[3] = <double>inside
            ctxrow[4] = log1p(<double>dist)
            ctxrow[5] = <double>(i < start)
            ctxrow[6] = <double>(i > end)
            ctxrow[7] = prose[i - 1] if i > 0 else 0.0
            ctxrow[8] = prose[i + 1] if i + 1 < n else 0.0
            ctxrow[9] = touch[i - 1] if i > 0 else 0.0
            ctxrow[10] = touch[i + 1] if i + 1 < n else 0.0
            ctxrow[11] = log1p(<double>wc[i - 1]) if i > 0 else 0.0
            ctxrow[12] = log1p(<double>wc[i + 1]) if i + 1 < n else 0.0
            ctxrow[13] = (prose_prefix[hi3] - prose_prefix[lo3]) / <double>(hi3 - lo3)
            ctxrow[14] = (prose_prefix[hi10] - prose_prefix[lo10]) / <double>(hi10 - lo10)
            ctxrow[15] = log1p(<double>(word_prefix[hi3] - word_prefix[lo3]) / <double>(hi3 - lo3))
            ctxrow[16] = log1p(<double>runs[i])
            ctxrow[17] = <double>(key_count[self.key_id[b]] > 1)
            ctxrow[18] = main_share
            # _overlap: the share of a non-prose block's content words the main run's prose uses
            if prose[i] != 0:
                ctxrow[19] = 1.0
            else:
                found = considered = 0
                for j in range(self.word_start[b], self.word_start[b + 1]):
                    if self.content[self.word_id[j]]:
                        considered += 1
                        found += vocabulary[self.word_id[j]] > 0
                ctxrow[19] = <double>found / <double>considered if considered else 0.0
            if i < start:
                ctxrow[20] = log1p(<double>(word_prefix[start] - word_prefix[i + 1]))
            elif i > end:
                ctxrow[20] = log1p(<double>(word_prefix[i] - word_prefix[end + 1]))
            else:
                ctxrow[20] = log1p(0.0)
            ctxrow[21] = short_ratio
            ctxrow[22] = log1p(<double>(key_count[self.key_id[b]] - 1))
            ctxrow[23] = <double>(prose[i] == 0 and terminal[i] == 0 and i + 1 < n and prose[i + 1] > 0)
            ctxrow[24] = log_words[i] - mean_log_words
            ctxrow[25] = log1p(<double>alike[i])
            ctxrow[26] = <double>(first_prose <= i <= last_prose)
            ctxrow[27] = log1p(<double>nearest[i])
            # _topic_overlap: content words that the main run's other prose uses at least twice
            if prose[i] != 0 and inside:
                for j in range(self.word_start[b], self.word_start[b + 1]):
                    own_count[self.word_id[j]] += 1
            found = considered = 0
            for j in range(self.word_start[b], self.word_start[b + 1]):
                if self.content[self.word_id[j]] == 2:
                    considered += 1
                    found += vocabulary[self.word_id[j]] - own_count[self.word_id[j]] >= 2
            ctxrow[28] = <double>found / <double>considered if considered else 0.0
            if prose[i] != 0 and inside:
                for j in range(self.word_start[b], self.word_start[b + 1]):
                    own_count[self.word_id[j]] = 0
            if i > end and end >= 0:
                ctxrow[29] = log1p(<double>(before[i] - before[end]))
            elif i < start:
                ctxrow[29] = log1p(<double>(before[start] - before[i]))
            else:
                ctxrow[29] = log1p(0.0)
            ctxrow[30] = touch[i]
            ctxrow[31] = log1p(<double>rules_total)
        # stage 1
        for i in range(n):
            total = 0.0
            row = self.own + ch[i] * n_own
            for k in range(n_own):
                total += row[k] * c1[k]
            ctxrow = ctx + i * n_ctx
            for k in range(n_ctx):
                total += ctxrow[k] * c1[n_own + k]
            z1[i] = self.b1 + total
        # features.logit_context
        prefix[0] = 0.0
        for i in range(n):
            prefix[i + 1] = prefix[i] + z1[i]
        top = z1[0]
        for i in range(n):
            if z1[i] > top:
                top = z1[i]
        third = _kth_largest(z1, n, 2 if n > 2 else n - 1, mem)
        max_sum_run(z1, n, &b_start, &b_end)
        mean = prefix[n] / <double>n
        count = 0
        for i in range(n):
            count += z1[i] > 0
        positive = <double>count / <double>n
        for i in range(n):
            z = z1[i]
            lx[0] = z
            lx[1] = z - top
            lx[2] = z - third
            lx[3] = top
            lx[4] = z1[i - 1] if i else 0.0
            lx[5] = z1[i + 1] if i + 1 < n else 0.0
            lx[6] = window_mean(prefix, i - 2, i + 3, n)
            lx[7] = window_mean(prefix, i - 5, i + 6, n)
            lx[8] = window_mean(prefix, i - 15, i + 16, n)
            lx[9] = prefix[i] / <double>i if i else 0.0
            lx[10] = (prefix[n] - prefix[i + 1]) / <double>(n - i - 1) if i + 1 < n else 0.0
            lx[11] = <double>(b_start <= i <= b_end)
            if b_end >= b_start:
                lx[12] = log1p(<double>(b_start - i if i < b_start else (i - b_end if i > b_end else 0)))
            else:
                lx[12] = 0.0
            lx[13] = mean
            lx[14] = positive
            total = 0.0
            row = self.own + ch[i] * n_own
            for k in range(n_own):
                total += row[k] * c2[k]
            ctxrow = ctx + i * n_ctx
            for k in range(n_ctx):
                total += ctxrow[k] * c2[n_own + k]
            for k in range(n_logit):
                total += lx[k] * c2[n_own + n_ctx + k]
            z = self.b2 + total
            if z >= 0:
                out_p[i] = 1.0 / (1.0 + exp(-z))
            else:
                z = exp(z)
                out_p[i] = z / (1.0 + z)
            out_prose[i] = prose[i] != 0
            out_main[i] = start <= i <= end
            out_menu[i] = log1p(<double>runs[i]) >= menu_run


cdef double _kth_largest(double* values, Py_ssize_t n, Py_ssize_t k, _Scratch mem) except? -1.0:
    """sorted(values, reverse=True)[k] for a small k."""
    cdef double* best = <double*>mem.take((k + 1) * sizeof(double))
    cdef Py_ssize_t i, j, filled = 0
    cdef double v
    for i in range(n):
        v = values[i]
        if filled <= k:
            j = filled
            filled += 1
        elif v > best[k]:
            j = k
        else:
            continue
        while j > 0 and best[j - 1] < v:
            best[j] = best[j - 1]
            j -= 1
        best[j] = v
    return best[k]



# -- segment.split_blocks, normalize.normalize_block, the words and key of each block ------------

cdef inline bint is_line_end(Py_UCS4 c) noexcept:
    return c == 10 or c == 13 or c == 0x2028 or c == 0x2029 or c == 0x85

cdef inline bint is_visible(Py_UCS4 c) noexcept:
    # segment._VISIBLE: not white space, not a zero-width space, joiner or byte-order mark
    return not is_space(c) and not (0x200B <= c <= 0x200D) and c != 0x2060 and c != 0xFEFF

cdef inline bint is_line_done(Py_UCS4 c) noexcept:
    # segment._LINE_DONE: . ! ? : ; … 。！？ " ” » ) ] |
    return (c == 46 or c == 33 or c == 63 or c == 58 or c == 59 or c == 0x2026 or c == 0x3002
            or c == 0xFF01 or c == 0xFF1F or c == 34 or c == 0x201D or c == 0xBB or c == 41
            or c == 93 or c == 124)

cdef inline bint continues(Py_UCS4 c) noexcept:
    # segment._CONTINUES: a lower-case letter (Latin-1, Cyrillic), "(", "," or ";"
    return ((97 <= c <= 122) or (0xDF <= c <= 0xF6) or (0xF8 <= c <= 0xFF) or (0x430 <= c <= 0x44F)
            or c == 40 or c == 44 or c == 59)

cdef inline bint is_untidy(Py_UCS4 c) noexcept:
    # normalize._UNTIDY
    return (c <= 0x1F or (0x7F <= c <= 0xA0) or c == 0xAD or c == 0x1680 or (0x2000 <= c <= 0x200F)
            or (0x2028 <= c <= 0x202F) or (0x205F <= c <= 0x2064) or (0x2066 <= c <= 0x206F)
            or c == 0x3000 or (0xD800 <= c <= 0xDFFF) or (0xFDD0 <= c <= 0xFDEF) or c == 0xFEFF
            or (0xFFF9 <= c <= 0xFFFC) or c == 0xFFFE or c == 0xFFFF)


cdef bint is_tidy(Text t, Py_ssize_t start, Py_ssize_t end, bint* ascii) noexcept:
    """normalize_block's test that white space needs no tidying; says whether the text is ASCII."""
    cdef Py_ssize_t i
    cdef Py_UCS4 c, previous = 0
    cdef bint tidy = True
    ascii[0] = True
    if end > start and (at(t, start) == 32 or at(t, end - 1) == 32):
        tidy = False
    for i in range(start, end):
        c = at(t, i)
        if c >= 128:
            ascii[0] = False
        if is_untidy(c) or (c == 32 and previous == 32):
            tidy = False
        previous = c
    return tidy


cdef bint below_combining(Text t, Py_ssize_t start, Py_ssize_t end) noexcept:
    """No character from U+0300 on: every such text is NFC (the first character whose NFC
    quick check is not Yes is U+0300, a combining mark)."""
    cdef Py_ssize_t i
    for i in range(start, end):
        if at(t, i) >= 0x300:
            return False
    return True


cdef str key_of(str text):
    """page.block_key: the casefolded \\w runs of the text, joined by one space."""
    cdef Text t = view(text)
    cdef Py_ssize_t i, n = 0
    cdef bint ascii = True
    for i in range(t.n):
        if at(t, i) >= 128:
            ascii = False
            break
    if not ascii:
        text = text.casefold()
        t = view(text)
    cdef Py_UCS4* out = <Py_UCS4*>malloc((t.n + 1) * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    cdef Py_UCS4 c
    cdef bint gap = False
    try:
        for i in range(t.n):
            c = at(t, i)
            if is_word(c):
                if gap and n:
                    out[n] = 32
                    n += 1
                gap = False
                if ascii and 65 <= c <= 90:
                    out[n] = <Py_UCS4>(<unsigned int>c + 32)
                else:
                    out[n] = c
                n += 1
            else:
                gap = True
        return PyUnicode_FromKindAndData(4, out, n)
    finally:
        free(out)


cdef Py_ssize_t count_words(Text t) noexcept:
    cdef Py_ssize_t i, n = 0
    cdef bint inside = False
    for i in range(t.n):
        if is_word(at(t, i)):
            if not inside:
                n += 1
            inside = True
        else:
            inside = False
    return n


cdef inline bint is_ascii_alnum(Py_UCS4 c) noexcept:
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef class RepairTable:
    """The characters of normalize.LEAD_CHARS and CONTINUATION_CHARS, as bitmaps of the BMP."""

    cdef unsigned char lead[8192]
    cdef unsigned char cont[8192]

    def __cinit__(self, str lead, str cont):
        cdef Py_UCS4 c
        cdef unsigned int u
        memset(self.lead, 0, 8192)
        memset(self.cont, 0, 8192)
        for c in lead:
            u = <unsigned int>c
            if u < 65536:
                self.lead[u >> 3] |= 1 << (u & 7)
        for c in cont:
            u = <unsigned int>c
            if u < 65536:
                self.cont[u >> 3] |= 1 << (u & 7)

    cdef inline bint is_lead(self, Py_UCS4 c) noexcept:
        cdef unsigned int u = <unsigned int>c
        return u < 65536 and (self.lead[u >> 3] >> (u & 7)) & 1

    cdef inline bint is_cont(self, Py_UCS4 c) noexcept:
        cdef unsigned int u = <unsigned int>c
        return u < 65536 and (self.cont[u >> 3] >> (u & 7)) & 1

    cdef bint needs_ftfy(self, Text t, Py_ssize_t start, Py_ssize_t end) noexcept:
        """normalize._NEEDS_FTFY.search() or _SURROGATES.search() over t[start:end]."""
        cdef Py_ssize_t i, j, k
        cdef Py_UCS4 c, d
        for i in range(start, end):
            c = at(t, i)
            if c < 128:
                if c == 27:
                    return True
                if c == 38:  # &#?[0-9A-Za-z]{1,24};
                    j = i + 1
                    if j < end and at(t, j) == 35:
                        j += 1
                    k = j
                    while k < end and k - j < 25 and is_ascii_alnum(at(t, k)):
                        k += 1
                    if 1 <= k - j <= 24 and k < end and at(t, k) == 59:
                        return True
                continue
            if (0x80 <= c <= 0x9F) or c == 0xFFFD or (0xD800 <= c <= 0xDFFF):
                return True
            if i + 1 < end:
                d = at(t, i + 1)
                if self.is_lead(c) and self.is_cont(d):
                    return True
                if d == 32:
                    if c == 0xC2 or c == 0xC3 or c == 0xC5 or c == 0xCE or c == 0xD0 or c == 0xD9 or c == 0xF0:
                        return True
                    if (c == 0xE2 or c == 0xE3) and i + 2 < end and self.is_cont(at(t, i + 2)):
                        return True
        return False


# -- layout.layout_runs: the runs of lines that are code or a table -----------------------------
#
# The same rules as codeline.py and layout.py, read off the page (or off a copy of a line without
# its invisible characters) by index: line_kind, is_prose_line, table_row, the runs. The enums
# are the values of codeline's kinds, codewords' roles and layout's rows.

cdef enum:
    # codeline's line kinds
    K_NONE = 0
    K_WEAK = 1
    K_STRONG = 2
    K_PROMPT = 3
    # codewords' roles
    R_STATEMENT = 1
    R_COMPOUND = 2
    R_DEFINITION = 3
    R_MODIFIER = 4
    R_DECLARATION = 5
    R_IMPORT = 6
    R_FROM = 7
    R_PACKAGE = 8
    R_TOOL = 9
    R_SHELL = 10
    R_SQL = 11
    R_DIRECTIVE = 12
    # layout's table rows
    T_BARE = 1
    T_FRAMED = 2
    T_DELIMITER = 3
    T_BORDER = 4
    T_TABBED = 5


cdef inline bint is_hidden(Py_UCS4 c) noexcept:
    # codeline._HIDDEN: normalize.INVISIBLE and the two joiners
    if 32 <= c < 127:
        return False
    return (c <= 8 or c == 11 or c == 12 or (14 <= c <= 31) or (0x7F <= c <= 0x9F) or c == 0xAD
            or (0x200B <= c <= 0x200F) or (0x202A <= c <= 0x202E) or (0x2060 <= c <= 0x2064)
            or (0x2066 <= c <= 0x206F) or c == 0xFEFF or (0xFFF9 <= c <= 0xFFFC)
            or (0xD800 <= c <= 0xDFFF) or (0xFDD0 <= c <= 0xFDEF) or c == 0xFFFE or c == 0xFFFF)

cdef inline bint is_letter(Py_UCS4 c) noexcept:
    return (65 <= c <= 90) or (97 <= c <= 122)

cdef inline bint is_ident_start(Py_UCS4 c) noexcept:
    return is_letter(c) or c == 95 or c == 36  # _ $

cdef inline bint is_ident(Py_UCS4 c) noexcept:
    return is_ident_start(c) or (48 <= c <= 57)

cdef inline bint is_head(Py_UCS4 c) noexcept:
    # codeline._WORD: a first word looked up in CODE_WORDS
    return is_letter(c) or (48 <= c <= 57) or c == 95 or c == 45

cdef inline bint is_code_char(Py_UCS4 c) noexcept:
    # codeline._CODE_CHARS: ( ) { } [ ] = < > " * / \ $ & | @ # % ^ ~ `
    return (c == 40 or c == 41 or c == 123 or c == 125 or c == 91 or c == 93 or c == 61 or c == 60
            or c == 62 or c == 34 or c == 42 or c == 47 or c == 92 or c == 36 or c == 38 or c == 124
            or c == 64 or c == 35 or c == 37 or c == 94 or c == 126 or c == 96)

cdef inline bint is_quote(Py_UCS4 c) noexcept:
    return c == 34 or c == 39 or c == 96

cdef inline bint is_ender(Py_UCS4 c) noexcept:
    # codeline._ENDERS: , . ; : ! ?
    return c == 44 or c == 46 or c == 59 or c == 58 or c == 33 or c == 63


cdef bint has_at_in(Text t, Py_ssize_t i, Py_ssize_t b, const char* literal) noexcept:
    """t[i:b] starts with the ASCII `literal`."""
    cdef Py_ssize_t k = 0
    while literal[k] != 0:
        if i + k >= b or at(t, i + k) != <Py_UCS4>literal[k]:
            return False
        k += 1
    return True


cdef bint any_code_char(Text t, Py_ssize_t a, Py_ssize_t b) noexcept:
    cdef Py_ssize_t i
    for i in range(a, b):
        if is_code_char(at(t, i)):
            return True
    return False


cdef bint any_space(Text t, Py_ssize_t a, Py_ssize_t b) noexcept:
    cdef Py_ssize_t i
    for i in range(a, b):
        if is_space(at(t, i)):
            return True
    return False


cdef Py_ssize_t skip_space(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    while i < b and is_space(at(t, i)):
        i += 1
    return i


cdef bint prose_line(Text t, Py_ssize_t a, Py_ssize_t b) noexcept:
    """codeline.is_prose_line(t[a:b])."""
    cdef Py_ssize_t i = a, j, e, k, tokens = 0, plain = 0
    cdef bint alpha, upper
    cdef Py_UCS4 c
    while True:
        i = skip_space(t, i, b)
        if i >= b:
            break
        j = i
        while j < b and not is_space(at(t, j)):
            j += 1
        tokens += 1
        e = j - 1 if is_ender(at(t, j - 1)) else j
        if e > i:
            alpha = upper = True
            for k in range(i, e):
                c = at(t, k)
                if not Py_UNICODE_ISALPHA(c):
                    alpha = False
                    break
                if not Py_UNICODE_ISUPPER(c):
                    upper = False
            if alpha and (e - i == 1 or not upper):
                plain += 1
        i = j
    return plain >= 6 and 4 * plain >= 3 * tokens


cdef Py_ssize_t closing(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._closing: the index after the bracket that closes the one at i, or -1."""
    cdef Py_ssize_t depth = 0
    cdef Py_UCS4 c, q
    while i < b:
        c = at(t, i)
        if c == 40 or c == 91 or c == 123:
            depth += 1
        elif c == 41 or c == 93 or c == 125:
            depth -= 1
            if depth == 0:
                return i + 1
        elif is_quote(c):
            q = c
            i += 1
            while i < b and at(t, i) != q:
                i += 2 if at(t, i) == 92 else 1
            if i >= b:
                return -1
        i += 1
    return -1


cdef struct Chain:
    Py_ssize_t end  # -1: no name
    Py_ssize_t calls
    bint args
    bint dot


cdef Chain chain_at(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._chain."""
    cdef Chain r
    cdef Py_ssize_t end, k
    cdef Py_UCS4 c
    r.end = -1
    r.calls = 0
    r.args = r.dot = False
    if i >= b or not is_ident_start(at(t, i)):
        return r
    i += 1
    while i < b and is_ident(at(t, i)):
        i += 1
    while i < b:
        c = at(t, i)
        if c == 46 and i + 1 < b and is_ident_start(at(t, i + 1)):
            r.dot = True
            i += 2
            while i < b and is_ident(at(t, i)):
                i += 1
        elif c == 40 or c == 91:
            end = closing(t, i, b)
            if end < 0:
                break
            if c == 40:
                r.calls += 1
                if not r.args and end - i > 2:
                    for k in range(i + 1, end - 1):
                        if not is_space(at(t, k)):
                            r.args = True
                            break
            i = end
        else:
            break
    r.end = i
    return r


cdef const char* ASSIGNS[17]
ASSIGNS[:] = [b"**=", b"//=", b"<<=", b">>=", b"??=", b"||=", b"&&=", b"+=", b"-=", b"*=", b"/=", b"%=",
              b"|=", b"&=", b"^=", b":=", b"="]
cdef Py_ssize_t ASSIGN_LENGTHS[17]
ASSIGN_LENGTHS[:] = [3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1]


cdef bint assigns(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._assigns."""
    cdef Py_ssize_t k, end
    i = skip_space(t, i, b)
    if i >= b:
        return False
    for k in range(17):
        if has_at_in(t, i, b, ASSIGNS[k]):
            end = i + ASSIGN_LENGTHS[k]
            return end < b and at(t, end) != 61 and at(t, end) != 62
    return False


cdef int call_kind(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._call_kind."""
    cdef Chain r = chain_at(t, i, b)
    if r.calls == 0 or not (r.end == b or (r.end == b - 1 and (at(t, r.end) == 59 or at(t, r.end) == 44))):
        return K_NONE
    return K_STRONG if r.args or r.dot or r.calls > 1 else K_WEAK


cdef Py_ssize_t word_end(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    while i < b and is_head(at(t, i)):
        i += 1
    return i


cdef bint yaml_key(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._yaml_key(t[i:b])."""
    cdef Py_UCS4 c = at(t, i)
    cdef Py_ssize_t end
    if not ((97 <= c <= 122) or c == 95):
        return False
    end = word_end(t, i, b)
    return end < b and at(t, end) == 58 and (end + 1 == b or is_space(at(t, end + 1)))


cdef inline bint is_prompt_name(Py_UCS4 c) noexcept:
    # [A-Za-z0-9_.-]
    return is_letter(c) or (48 <= c <= 57) or c == 95 or c == 46 or c == 45


cdef bint user_prompt(Text t, Py_ssize_t a, Py_ssize_t b) noexcept:
    """codeline._USER_PROMPT.match: user@host:dir$ then white space."""
    cdef Py_ssize_t i = a
    while i < b and is_prompt_name(at(t, i)):
        i += 1
    if i == a or i >= b or at(t, i) != 64:
        return False
    i += 1
    a = i
    while i < b and is_prompt_name(at(t, i)):
        i += 1
    if i == a or i >= b:
        return False
    if at(t, i) == 58:
        i += 1
        while i < b and not is_space(at(t, i)) and at(t, i) != 36 and at(t, i) != 35:
            i += 1
    return i + 1 < b and (at(t, i) == 36 or at(t, i) == 35) and is_space(at(t, i + 1))


cdef inline bint is_import_name(Py_UCS4 c) noexcept:
    return is_letter(c) or (48 <= c <= 57) or c == 95 or c == 46 or c == 42  # [A-Za-z0-9_.*]

cdef inline bint is_alnum_(Py_UCS4 c) noexcept:
    return is_letter(c) or (48 <= c <= 57) or c == 95


cdef bint import_list(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._is_import_list(t[i:b])."""
    cdef Py_ssize_t j
    while True:
        j = i
        while j < b and is_import_name(at(t, j)):
            j += 1
        if j == i:
            return False
        i = j
        if i < b and is_space(at(t, i)):
            if not (i + 3 < b and at(t, i + 1) == 97 and at(t, i + 2) == 115 and is_space(at(t, i + 3))):
                return False
            i += 4
            j = i
            while j < b and is_alnum_(at(t, j)):
                j += 1
            if j == i:
                return False
            i = j
        if i < b and at(t, i) == 44:
            i += 1
            if i < b and is_space(at(t, i)):
                i += 1
            continue
        if i < b and at(t, i) == 59:
            i += 1
        return i == b


cdef bint from_import(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._FROM_IMPORT.match(t[i:b]): white space, a dotted name, "import", a word."""
    cdef Py_ssize_t j
    if i >= b or not is_space(at(t, i)):
        return False
    i += 1
    j = i
    while j < b and (is_alnum_(at(t, j)) or at(t, j) == 46):
        j += 1
    if j == i or j >= b or not is_space(at(t, j)):
        return False
    j += 1
    if not has_at_in(t, j, b, b"import"):
        return False
    j += 6
    return j + 1 < b and is_space(at(t, j)) and not is_space(at(t, j + 1))


cdef bint dotted_name(Text t, Py_ssize_t i, Py_ssize_t b) noexcept:
    """codeline._DOTTED_NAME.fullmatch(t[i:b])."""
    if i >= b or not (is_letter(at(t, i)) or at(t, i) == 95):
        return False
    i += 1
    while i < b and (is_alnum_(at(t, i)) or at(t, i) == 46):
        i += 1
    if i < b and at(t, i) == 59:
        i += 1
    return i == b


cdef bint shell_args(Text t, Py_ssize_t a, Py_ssize_t b) noexcept:
    """codeline._shell_args(t[a:b])."""
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    for i in range(a, b):
        c = at(t, i)
        if c == 47 or c == 61 or c == 126 or c == 36 or c == 124 or c == 60 or c == 62 or c == 42:
            return True
    for i in range(a, b - 1):
        c = at(t, i)
        if c == 45 and (i == a or is_space(at(t, i - 1))) and not is_space(at(t, i + 1)):
            return True
        if c == 46 and not is_space(at(t, i + 1)):
            return True
    return False


cdef int role_of(str src, Py_ssize_t a, Py_ssize_t e, dict words) except -1:
    """CODE_WORDS' role of the word src[a:e], 0 for none."""
    if e <= a:
        return 0
    role = words.get(PyUnicode_Substring(src, a, e))
    return 0 if role is None else <int>role


cdef int line_kind(str src, Text t, Py_ssize_t a, Py_ssize_t b, dict words, bint marks) except -1:
    """codeline.line_kind(t[a:b]); `marks`: whether the line holds "=", "(" or "@"."""
    cdef Py_ssize_t n = b - a, e, r
    cdef Py_UCS4 first = at(t, a), last = at(t, b - 1), c
    cdef Chain ch
    if 65 <= first <= 90 and n > 1 and 97 <= at(t, a + 1) <= 122 and not marks and not (
        last == 123 or last == 40 or last == 91 or last == 92 or last == 59
    ):
        return K_NONE  # most lines of prose ("The council ..."): no rule below matches them
    if has_at_in(t, a, b, b"```") or has_at_in(t, a, b, b"~~~"):
        return K_STRONG
    if first == 36 and n > 2 and is_space(at(t, a + 1)):
        c = at(t, a + 2)
        if is_letter(c) or c == 46 or c == 47 or c == 126 or c == 95:
            return K_NONE if prose_line(t, a, b) else K_PROMPT
    if n > 4 and has_at_in(t, a, b, b">>>") and is_space(at(t, a + 3)):
        return K_PROMPT
    if n > 4 and has_at_in(t, a, b, b"...") and is_space(at(t, a + 3)):
        return K_WEAK
    if first == 35:
        if has_at_in(t, a, b, b"#!/"):
            return K_STRONG
        e = word_end(t, a + 1, b)
        if role_of(src, a, e, words) == R_DIRECTIVE and (
            e == b or is_space(at(t, e)) or at(t, e) == 60 or at(t, e) == 34
        ):
            return K_STRONG
        if n == 1 or is_space(at(t, a + 1)):
            return K_WEAK
    if has_at_in(t, a, b, b"//") or has_at_in(t, a, b, b"/*") or has_at_in(t, a, b, b"<!--"):
        return K_WEAK
    if first == 41 or first == 93 or first == 125:
        for r in range(a, b):
            c = at(t, r)
            if not (c == 41 or c == 93 or c == 125 or c == 59 or c == 44):
                break
        else:
            return K_WEAK
    if first == 60 and last == 62 and n > 2:
        c = at(t, a + 1)
        if is_letter(c) or c == 47 or c == 33 or c == 63:
            return K_STRONG
    if first == 64:
        ch = chain_at(t, a + 1, b)
        if ch.end > 0 and (ch.dot or ch.calls > 0):
            return K_STRONG
    if first == 34:
        e = a + 1
        while e < b and at(t, e) != 34:
            e += 1
        if e < b and e > a + 1:
            r = skip_space(t, e + 1, b)
            if r < b and at(t, r) == 58 and not prose_line(t, a, b):
                return K_STRONG
    if first == 46 and call_kind(t, a + 1, b) == K_STRONG:
        return K_STRONG
    if first == 45 and n > 2 and is_space(at(t, a + 1)):
        r = skip_space(t, a + 2, b)
        return K_WEAK if yaml_key(t, r, b) or any_code_char(t, r, b) else K_NONE
    if is_letter(first) and user_prompt(t, a, b):
        return K_PROMPT
    if last == 123 or last == 40 or last == 91 or last == 92:
        return K_NONE if prose_line(t, a, b) else K_STRONG
    if last == 59:
        if any_code_char(t, a, b - 1) or not any_space(t, a, b):
            return K_NONE if prose_line(t, a, b) else K_STRONG
        r = word_kind(src, t, a, b, words)
        return K_STRONG if r == K_WEAK else r
    return word_kind(src, t, a, b, words)


cdef int word_kind(str src, Text t, Py_ssize_t a, Py_ssize_t b, dict words) except -1:
    """codeline._word_kind(t[a:b])."""
    cdef Chain ch
    cdef Py_ssize_t head, start, modifiers = 0, i
    cdef int role
    cdef bint spaced
    cdef Py_UCS4 c
    if not is_ident_start(at(t, a)):
        return K_NONE
    ch = chain_at(t, a, b)
    if ch.calls == 0 and assigns(t, ch.end, b):
        return K_STRONG
    if ch.calls and (ch.end == b or (ch.end == b - 1 and (at(t, ch.end) == 59 or at(t, ch.end) == 44))):
        return K_STRONG if ch.args or ch.dot or ch.calls > 1 else K_WEAK
    head = word_end(t, a, b)
    role = role_of(src, a, head, words)
    while role == R_MODIFIER and modifiers < 2 and head < b and is_space(at(t, head)):
        start = skip_space(t, head, b)
        modifiers += 1
        head = word_end(t, start, b)
        role = role_of(src, start, head, words)
        if role != R_MODIFIER and role != R_DEFINITION and role != R_DECLARATION:
            return K_NONE
    if role == 0:
        return K_WEAK if yaml_key(t, a, b) else K_NONE
    spaced = head < b and is_space(at(t, head))
    start = skip_space(t, head, b)
    if role == R_STATEMENT:
        for i in range(start, b):
            if at(t, i) != 59:
                break
        else:
            return K_WEAK
        if spaced and any_code_char(t, start, b):
            return K_NONE if prose_line(t, a, b) else K_STRONG
        return K_WEAK if spaced and not any_space(t, start, b) else K_NONE
    if role == R_COMPOUND:
        if at(t, b - 1) == 58:
            for i in range(head, b - 1):
                if not is_space(at(t, i)):
                    break
            else:
                return K_STRONG
            if prose_line(t, a, b):
                return K_NONE
            if any_code_char(t, head, b - 1):
                return K_STRONG
            if head - a == 3 and has_at_in(t, a, b, b"for"):
                # "in" among the words before the colon
                i = head
                while True:
                    i = skip_space(t, i, b - 1)
                    if i >= b - 1:
                        break
                    start = i
                    while i < b - 1 and not is_space(at(t, i)):
                        i += 1
                    if i - start == 2 and at(t, start) == 105 and at(t, start + 1) == 110:
                        return K_STRONG
            return K_NONE
        if start < b and at(t, start) == 40:
            return K_NONE if prose_line(t, a, b) else K_STRONG
        return K_WEAK if head == b else K_NONE
    if role == R_DEFINITION:
        if not spaced or start >= b or not is_ident_start(at(t, start)):
            return K_NONE
        i = start + 1
        while i < b and is_ident(at(t, i)):
            i += 1
        if i < b and (at(t, i) == 40 or at(t, i) == 60 or at(t, i) == 58 or at(t, i) == 123):
            return K_STRONG
        return K_NONE
    if role == R_DECLARATION:
        ch = chain_at(t, start, b)
        return K_STRONG if spaced and ch.end > 0 and ch.calls == 0 and assigns(t, ch.end, b) else K_NONE
    if role == R_IMPORT:
        if not spaced:
            return K_NONE
        for i in range(start, b):
            if is_quote(at(t, i)):
                return K_STRONG
        return K_STRONG if import_list(t, start, b) else K_NONE
    if role == R_FROM:
        return K_STRONG if from_import(t, head, b) else K_NONE
    if role == R_PACKAGE:
        return K_STRONG if spaced and dotted_name(t, start, b) else K_NONE
    if role == R_TOOL or role == R_SHELL:
        if head == b:
            return K_WEAK
        if not spaced:
            return K_NONE
        if role == R_TOOL or shell_args(t, start, b):
            return K_NONE if prose_line(t, a, b) else K_STRONG
        return K_WEAK if not any_space(t, start, b) else K_NONE
    if role == R_SQL:
        if not spaced:
            return K_NONE
        for i in range(start, b):
            c = at(t, i)
            if (c == 42 or c == 61 or c == 40 or c == 41 or c == 44 or c == 59 or c == 39 or c == 60
                    or c == 62 or (48 <= c <= 57)):
                return K_NONE if prose_line(t, a, b) else K_STRONG
        for i in range(start, b):
            if 97 <= at(t, i) <= 122:
                return K_WEAK
        return K_NONE
    return K_NONE


cdef inline bint is_border_char(Py_UCS4 c) noexcept:
    return c == 43 or c == 45 or c == 61 or c == 124 or c == 58  # + - = | :


cdef int table_row(Text t, Py_ssize_t a, Py_ssize_t b, Py_ssize_t* cells) noexcept:
    """layout.table_row(t[a:b]): the kind of row, its cells in `cells`."""
    cdef Py_ssize_t i, pipes = 0, start, k, runs
    cdef bint plus = False, dash = False, border = True, framed, ends, delimiter, tab = False, in_run, run_tab
    cdef Py_UCS4 c, first = at(t, a), last = at(t, b - 1)
    cells[0] = 0
    for i in range(a, b):
        c = at(t, i)
        if c == 43:
            plus = True
        elif c == 45 or c == 61:
            dash = True
        if not (is_border_char(c) or is_space(c)):
            border = False
        if c == 124 and (i == a or at(t, i - 1) != 92):
            pipes += 1
        elif c == 9:
            tab = True
    if (first == 43 or first == 124) and (last == 43 or last == 124) and b - a > 2 and plus and border and dash:
        return T_BORDER
    if pipes:
        ends = last == 124 and (b - a == 1 or at(t, b - 2) != 92)
        cells[0] = pipes + 1 - (first == 124) - ends
        if cells[0] <= 0:
            cells[0] = 0
            return 0
        framed = first == 124 and ends
        # every cell between the pipes is :?-+:? with white space around
        delimiter = True
        i = a + 1 if first == 124 else a
        while delimiter:
            start = i
            while i < b and not (at(t, i) == 124 and (i == a or at(t, i - 1) != 92)):
                i += 1
            # the cell is t[start:i]
            k = skip_space(t, start, i)
            if k < i and at(t, k) == 58:
                k += 1
            if k >= i or at(t, k) != 45:
                delimiter = False
                break
            while k < i and at(t, k) == 45:
                k += 1
            if k < i and at(t, k) == 58:
                k += 1
            if skip_space(t, k, i) != i:
                delimiter = False
                break
            if i >= b or (ends and i == b - 1):
                break
            i += 1
        if delimiter:
            return T_DELIMITER
        return T_FRAMED if framed else T_BARE
    if tab:
        runs = 0
        in_run = run_tab = False
        for i in range(a, b):
            c = at(t, i)
            if is_space(c):
                if not in_run:
                    in_run = True
                    run_tab = False
                if c == 9:
                    run_tab = True
            else:
                if in_run and run_tab:
                    runs += 1
                in_run = False
        cells[0] = 1 + runs
        return T_TABBED
    return 0


cdef struct Line:
    Py_ssize_t line  # index among all lines
    Py_ssize_t gap  # blank lines between the visible line before and this one
    Py_ssize_t a  # its visible part: text[a:b], the text being the page or the line's copy
    Py_ssize_t b
    Py_ssize_t indent
    Py_ssize_t copy  # -1: the page; else the index of the line's copy without invisible characters
    int kind
    int prose  # -1: not read yet
    int row
    Py_ssize_t cells
    bint admitted
    bint output
    bint taken
    int marks  # MARK_* of the raw line
    Py_ssize_t run_last  # for the first line of a run: its last line; else -1
    int run_kind  # that run's: 1 code, 2 table


cdef struct PageLine:
    Py_ssize_t start  # page[start:end]
    Py_ssize_t end
    Py_ssize_t visible  # its index among the visible lines, or -1
    Py_ssize_t run_to  # for the first line of a run: its last line; else -1
    int run_kind


cdef enum:
    # what the scan of a line saw
    MARK_HIDDEN = 1  # a character codeline.visible_line drops
    MARK_CELLS = 2  # "|" or a tab: a table row perhaps
    MARK_CODE = 4  # "=", "(" or "@": what a capitalised line of code holds


cdef inline Text text_of(Line* v, Text page, list copies):
    return page if v.copy < 0 else view(<str>copies[v.copy])


cdef bint prose_of(Line* v, Text page, list copies):
    if v.prose < 0:
        v.prose = prose_line(text_of(v, page, copies), v.a, v.b)
    return v.prose


cdef bint is_code_run(Line* V, Py_ssize_t first, Py_ssize_t end) noexcept:
    """layout._is_code."""
    cdef Py_ssize_t k, strong = 0
    cdef bint indented = False, prompted = False
    if end - first < 2:
        return False
    for k in range(first, end):
        if V[k].kind >= K_STRONG:
            strong += 1
    if strong >= 2:
        return True
    for k in range(first + 1, end):
        if V[k].gap == 0 and V[k].indent > V[k - 1].indent:
            indented = True
    for k in range(first, end - 1):
        if V[k].kind == K_PROMPT and V[k + 1].gap == 0:
            prompted = True
    return (strong == 1 and (indented or prompted)) or (end - first >= 3 and indented)


cdef void code_runs(Line* V, Py_ssize_t nv, Text page, list copies):
    """layout._code_runs: marks V[i].taken and, for each run's first line, where it ends."""
    cdef Py_ssize_t i, j, k
    cdef Text above, here
    if nv:
        V[0].admitted = V[0].kind != K_NONE
    for i in range(1, nv):
        if V[i].kind != K_NONE:
            V[i].admitted = True
            if V[i].gap == 0 and not V[i - 1].admitted and V[i - 1].b > V[i - 1].a:
                above = text_of(&V[i - 1], page, copies)
                here = text_of(&V[i], page, copies)
                if (not is_line_done(at(above, V[i - 1].b - 1)) and continues(at(here, V[i].a))
                        and prose_of(&V[i - 1], page, copies)):
                    V[i].admitted = False
        elif (V[i].gap == 0 and (V[i - 1].kind == K_PROMPT or V[i - 1].output) and V[i].b > V[i].a
                and not prose_of(&V[i], page, copies)):
            V[i].admitted = V[i].output = True
    i = 1
    while i < nv:
        if V[i].admitted or not V[i - 1].admitted or V[i].gap != 0:
            i += 1
            continue
        j = i
        while (j < nv and not V[j].admitted and V[j].gap == 0 and V[j].b > V[j].a
                and not prose_of(&V[j], page, copies)):
            j += 1
        if j < nv and V[j].admitted and V[j].gap == 0:
            for k in range(i, j):
                V[k].admitted = True
        i = j + 1
    i = 0
    while i < nv:
        if not V[i].admitted:
            i += 1
            continue
        j = i + 1
        while j < nv and V[j].admitted and V[j].gap <= 1:
            j += 1
        if is_code_run(V, i, j):
            V[i].run_last = j - 1
            V[i].run_kind = 1
            for k in range(i, j):
                V[k].taken = True
        i = j


cdef void table_runs(Line* V, Py_ssize_t nv, Text page, list copies):
    """layout._table_runs over the lines no code run took."""
    cdef Py_ssize_t i, j, count
    cdef int kind
    cdef Py_ssize_t seen[6]
    cdef Text lt
    for i in range(nv):
        if not V[i].taken and V[i].b > V[i].a:
            lt = text_of(&V[i], page, copies)
            if V[i].marks & MARK_CELLS or at(lt, V[i].a) == 43:
                V[i].row = table_row(lt, V[i].a, V[i].b, &V[i].cells)
    i = 0
    while i < nv:
        kind = V[i].row
        if kind == 0:
            i += 1
            continue
        count = V[i].cells
        memset(seen, 0, sizeof(seen))
        seen[kind] = 1
        j = i + 1
        while j < nv and V[j].gap <= 1 and V[j].row != 0 and (V[j].row == T_TABBED) == (kind == T_TABBED):
            if V[j].row != T_BORDER:
                if count == 0:
                    count = V[j].cells
                elif V[j].cells != count:
                    break
            seen[V[j].row] += 1
            j += 1
        if j - i >= 2 and (kind == T_TABBED or seen[T_DELIMITER] or seen[T_FRAMED] >= 2
                           or (seen[T_BORDER] and seen[T_FRAMED])):
            V[i].run_last = j - 1
            V[i].run_kind = 2
        i = j


cdef Py_UCS4* visible_copy(Text t, Py_ssize_t start, Py_ssize_t end, Py_ssize_t* length) except NULL:
    """The characters of t[start:end] that are not hidden (codeline.visible_line's copy)."""
    cdef Py_UCS4* out = <Py_UCS4*>malloc((end - start + 1) * sizeof(Py_UCS4))
    cdef Py_ssize_t i, n = 0
    cdef Py_UCS4 c
    if out == NULL:
        raise MemoryError()
    for i in range(start, end):
        c = at(t, i)
        if not is_hidden(c):
            out[n] = c
            n += 1
    length[0] = n
    return out


def split_page(str page, bint fix_unicode, RepairTable repair, is_nfc, normalize, dict words):
    """segment.split_blocks (layout.layout_runs over its lines, with `words`: CODE_WORDS), then
    normalize.normalize_block of each block (`normalize`; a block that is tidy and that repair
    would leave alone stands as it is: nothing ftfy looks at, no surrogates, and `is_nfc`), then
    each block's count of words and key: six columns (starts, ends, layouts, texts, words,
    keys)."""
    cdef Text t = view(page), lt
    cdef Py_ssize_t i = 0, line_start, line_end, after, nlines = 0, k, j, nv = 0, previous = -1, length
    cdef Py_ssize_t open_start = -1, open_end = 0, last_start = 0, capacity = 64
    cdef bint joined, visible
    cdef int marks
    cdef Py_UCS4 c
    cdef Py_UCS4* buffer
    cdef Line* v
    cdef str copy
    starts, ends, layouts, texts, words_out, keys = [], [], [], [], [], []
    spans_start, spans_end, spans_kind = [], [], []
    copies = []
    cdef PageLine* L = <PageLine*>malloc(capacity * sizeof(PageLine))
    cdef Line* V = <Line*>malloc(capacity * sizeof(Line))
    cdef void* grown
    try:
        if L == NULL or V == NULL:
            raise MemoryError()
        # every line: page[line_start:line_end], the next one starting at `after`
        while True:
            if nlines == capacity:
                capacity *= 2
                grown = realloc(L, capacity * sizeof(PageLine))
                if grown == NULL:
                    raise MemoryError()
                L = <PageLine*>grown
                grown = realloc(V, capacity * sizeof(Line))
                if grown == NULL:
                    raise MemoryError()
                V = <Line*>grown
            line_start = i
            visible = False
            marks = 0
            while i < t.n:
                c = at(t, i)
                if 32 < c < 127:
                    visible = True
                    if c == 124:
                        marks |= MARK_CELLS
                    elif c == 61 or c == 40 or c == 64:
                        marks |= MARK_CODE
                elif is_line_end(c):
                    break
                elif c != 32:
                    if c == 9:
                        marks |= MARK_CELLS
                    elif is_hidden(c):
                        marks |= MARK_HIDDEN
                    if not visible and is_visible(c):
                        visible = True
                i += 1
            line_end = i
            if i < t.n and at(t, i) == 13 and i + 1 < t.n and at(t, i + 1) == 10:
                after = i + 2
            elif i < t.n:
                after = i + 1
            else:
                after = t.n
            k = nlines
            nlines += 1
            L[k].start = line_start
            L[k].end = line_end
            L[k].visible = -1
            L[k].run_to = -1
            if visible:
                v = &V[nv]
                L[k].visible = nv
                v.line = k
                v.gap = k - previous - 1
                previous = k
                v.copy = -1
                v.prose = -1
                v.row = 0
                v.cells = 0
                v.admitted = v.output = v.taken = False
                v.marks = marks
                v.run_last = -1
                v.run_kind = 0
                if marks & MARK_HIDDEN:
                    buffer = visible_copy(t, line_start, line_end, &length)
                    try:
                        copy = PyUnicode_FromKindAndData(4, buffer, length)
                    finally:
                        free(buffer)
                    v.copy = len(copies)
                    copies.append(copy)
                    lt = view(copy)
                    v.a = skip_space(lt, 0, lt.n)
                    v.b = lt.n
                else:
                    lt = t
                    v.a = skip_space(t, line_start, line_end)
                    v.b = line_end
                while v.b > v.a and is_space(at(lt, v.b - 1)):
                    v.b -= 1
                v.indent = v.a - (0 if v.copy >= 0 else line_start)
                v.kind = K_NONE
                if v.b > v.a:
                    v.kind = line_kind(page if v.copy < 0 else copy, lt, v.a, v.b, words, marks & MARK_CODE)
                nv += 1
            if i >= t.n:
                break
            i = after
        code_runs(V, nv, t, copies)
        table_runs(V, nv, t, copies)
        for j in range(nv):
            if V[j].run_last >= 0:
                L[V[j].line].run_to = V[V[j].run_last].line
                L[V[j].line].run_kind = V[j].run_kind
        # the blocks: runs whole; other lines one by one, a hard-wrapped line joined to the one before
        k = 0
        while k < nlines:
            line_start = L[k].start
            line_end = L[k].end
            if L[k].run_to >= 0:
                if open_start >= 0:
                    spans_start.append(open_start)
                    spans_end.append(open_end)
                    spans_kind.append("")
                    open_start = -1
                spans_start.append(line_start)
                spans_end.append(L[L[k].run_to].end)
                spans_kind.append("code" if L[k].run_kind == 1 else "table")
                k = L[k].run_to + 1
                continue
            if L[k].visible < 0:
                if open_start >= 0:
                    spans_start.append(open_start)
                    spans_end.append(open_end)
                    spans_kind.append("")
                    open_start = -1
            else:
                joined = False
                if open_start >= 0:
                    # the open block's last line does not end a sentence, and this one goes on with it
                    i = open_end - 1
                    while i >= last_start and is_space(at(t, i)):
                        i -= 1
                    if not (i >= last_start and is_line_done(at(t, i))):
                        j = line_start
                        while j < line_end and is_space(at(t, j)):
                            j += 1
                        if j < line_end and continues(at(t, j)):
                            joined = True
                if joined:
                    last_start = line_start
                    open_end = line_end
                else:
                    if open_start >= 0:
                        spans_start.append(open_start)
                        spans_end.append(open_end)
                        spans_kind.append("")
                    open_start = last_start = line_start
                    open_end = line_end
            k += 1
        if open_start >= 0:
            spans_start.append(open_start)
            spans_end.append(open_end)
            spans_kind.append("")
    finally:
        free(L)
        free(V)
    cdef Py_ssize_t start, end
    cdef str raw, text, layout
    cdef Text b
    cdef bint ascii
    for k in range(len(spans_start)):
        start = spans_start[k]
        end = spans_end[k]
        layout = spans_kind[k]
        raw = page[start:end]
        if layout:
            text = normalize(raw, layout=layout)
        elif is_tidy(t, start, end, &ascii) and (
            not fix_unicode
            or (not repair.needs_ftfy(t, start, end) and (ascii or below_combining(t, start, end) or is_nfc(raw)))
        ):
            text = raw
        else:
            text = normalize(raw)
        b = view(text)
        starts.append(start)
        ends.append(end)
        layouts.append(layout)
        texts.append(text)
        words_out.append(count_words(b))
        keys.append(key_of(text))
    return starts, ends, layouts, texts, words_out, keys


# -- dedupe: MinHash sketches, and which blocks' first words stand in another block -------------

cdef unsigned int CRC_TABLE[256]
cdef void _crc_init() noexcept:
    cdef unsigned int c, n, k
    for n in range(256):
        c = n
        for k in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if (c & 1) else (c >> 1)
        CRC_TABLE[n] = c
_crc_init()


cdef inline unsigned int crc32(const unsigned char* data, Py_ssize_t n) noexcept:
    """zlib.crc32(data): CRC-32 (ISO 3309, polynomial 0xEDB88320)."""
    cdef unsigned int c = 0xFFFFFFFF
    cdef Py_ssize_t i
    for i in range(n):
        c = CRC_TABLE[(c ^ data[i]) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


cdef struct Shingle:
    unsigned int crc
    Py_ssize_t start
    Py_ssize_t end

cdef const unsigned char* _shingle_bytes


cdef int _by_crc_then_bytes(const void* a, const void* b) noexcept nogil:
    cdef const Shingle* x = <const Shingle*>a
    cdef const Shingle* y = <const Shingle*>b
    cdef Py_ssize_t i, lx, ly
    if x.crc != y.crc:
        return -1 if x.crc < y.crc else 1
    lx = x.end - x.start
    ly = y.end - y.start
    for i in range(lx if lx < ly else ly):
        if _shingle_bytes[x.start + i] != _shingle_bytes[y.start + i]:
            return -1 if _shingle_bytes[x.start + i] < _shingle_bytes[y.start + i] else 1
    return -1 if lx < ly else (1 if lx > ly else 0)


cdef extern from "stdlib.h":
    void qsort(void* base, size_t n, size_t size, int (*compar)(const void*, const void*) noexcept nogil) nogil


def sketches(list keys, candidates, Py_ssize_t shingle, Py_ssize_t size, Py_ssize_t min_words):
    """dedupe.sketch_blocks: for each candidate whose key has at least `min_words` words (and
    `shingle`), the `size` smallest CRC-32s of its distinct runs of `shingle` words (UTF-8)."""
    cdef dict out = {}
    cdef bytes data
    cdef const unsigned char* raw
    cdef Py_ssize_t n, i, k, words, count, filled, cap = 0
    cdef Py_ssize_t* starts = NULL
    cdef Shingle* grams = NULL
    cdef list best
    global _shingle_bytes
    try:
        for i in candidates:
            key = keys[i]
            data = key.encode("utf-8", "surrogatepass")
            raw = data
            n = len(data)
            words = 1
            for k in range(n):
                words += raw[k] == 32
            if n == 0 or words < shingle or words < min_words:
                continue
            if words + 1 > cap:
                cap = 2 * (words + 1)
                free(starts)
                free(grams)
                starts = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
                grams = <Shingle*>malloc(cap * sizeof(Shingle))
                if starts == NULL or grams == NULL:
                    raise MemoryError()
            # where each word starts; starts[words] is one past the end (as if a space followed)
            count = 0
            starts[count] = 0
            count += 1
            for k in range(n):
                if raw[k] == 32:
                    starts[count] = k + 1
                    count += 1
            starts[count] = n + 1
            count = words - shingle + 1
            for k in range(count):
                grams[k].start = starts[k]
                grams[k].end = starts[k + shingle] - 1
                grams[k].crc = crc32(raw + grams[k].start, grams[k].end - grams[k].start)
            _shingle_bytes = raw
            qsort(grams, count, sizeof(Shingle), _by_crc_then_bytes)
            best = []
            filled = 0
            for k in range(count):
                if k and _by_crc_then_bytes(&grams[k - 1], &grams[k]) == 0:
                    continue  # the same run of words again: a set holds it once
                best.append(grams[k].crc)
                filled += 1
                if filled == size:
                    break
            out[i] = best
    finally:
        free(starts)
        free(grams)
    return out


def runs_elsewhere(list keys, Py_ssize_t n):
    """For each key, whether its first `n` words (it has at least n) may stand as a run of words
    in another key: False means surely not (hashes of runs; a collision only says "maybe")."""
    cdef Py_ssize_t count = len(keys), b, i, j, w, total = 0, slot, size = 16
    cdef StrMap word_map
    cdef Text t
    cdef list out = [False] * count
    cdef _Scratch mem = _Scratch()
    for b in range(count):
        t = view(<str>keys[b])
        total += 1
        for j in range(t.n):
            total += at(t, j) == 32
    while size < 2 * total + 2:
        size *= 2
    cdef Py_ssize_t* ids = <Py_ssize_t*>mem.take(total * sizeof(Py_ssize_t))
    cdef Py_ssize_t* first = <Py_ssize_t*>mem.take((count + 1) * sizeof(Py_ssize_t))
    cdef uint64_t* hashes = <uint64_t*>mem.take(size * sizeof(uint64_t))
    cdef Py_ssize_t* owner = <Py_ssize_t*>mem.take(size * sizeof(Py_ssize_t))
    cdef char* shared = <char*>mem.take(size)
    cdef char* used = <char*>mem.take(size)
    cdef uint64_t h
    map_init(&word_map, total)
    try:
        w = 0
        for b in range(count):
            t = view(<str>keys[b])
            first[b] = w
            if t.n == 0:
                continue
            i = 0
            for j in range(t.n + 1):
                if j == t.n or at(t, j) == 32:
                    ids[w] = map_find(&word_map, t, i, j, fnv(t, i, j), True)
                    w += 1
                    i = j + 1
        first[count] = w
    finally:
        map_free(&word_map)
    # every run of n words, by hash: the block it first stands in, and whether another has it
    for b in range(count):
        for i in range(first[b], first[b + 1] - n + 1):
            h = 1469598103934665603ULL
            for j in range(n):
                h = (h ^ <uint64_t>ids[i + j]) * 1099511628211ULL
            slot = <Py_ssize_t>(h & <uint64_t>(size - 1))
            while used[slot] and hashes[slot] != h:
                slot = (slot + 1) & (size - 1)
            if not used[slot]:
                used[slot] = 1
                hashes[slot] = h
                owner[slot] = b
            elif owner[slot] != b:
                shared[slot] = 1
    for b in range(count):
        if first[b + 1] - first[b] < n:
            continue
        h = 1469598103934665603ULL
        for j in range(n):
            h = (h ^ <uint64_t>ids[first[b] + j]) * 1099511628211ULL
        slot = <Py_ssize_t>(h & <uint64_t>(size - 1))
        while hashes[slot] != h:
            slot = (slot + 1) & (size - 1)
        out[b] = bool(shared[slot] or owner[slot] != b)
    return out
