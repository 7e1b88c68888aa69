// ReadStat's API, for HLMKit's reader of SPSS, Stata and SAS files (Sources/HLMKit/Data/ReadStat/).
#include <readstat.h>
