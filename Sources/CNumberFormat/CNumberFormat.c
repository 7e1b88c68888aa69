#include "CNumberFormat.h"
#include <stdio.h>

int hlm_format_double(char *buffer, size_t capacity, const char *format, double value) {
    return snprintf(buffer, capacity, format, value);
}
