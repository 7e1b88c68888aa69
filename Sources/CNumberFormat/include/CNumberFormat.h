#ifndef CNUMBERFORMAT_H
#define CNUMBERFORMAT_H

#include <stddef.h>

/// snprintf(buffer, capacity, format, value) for one double and a format with one conversion ("%.6f",
/// "%.2e"): printf's digits without Swift's va_list builder, which casts every argument dynamically.
int hlm_format_double(char *buffer, size_t capacity, const char *format, double value);

#endif
