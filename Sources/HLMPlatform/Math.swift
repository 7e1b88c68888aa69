// The C math library's functions that HLMKit uses, and only those, re-exported: a file that needs `log` imports
// HLMPlatform, not the system's C module. The same functions, so every number is the system library's as before.
// A port to another system adds its branch here.

#if canImport(Glibc)
@_exported import func Glibc.erfc
@_exported import func Glibc.exp
@_exported import func Glibc.lgamma
@_exported import func Glibc.log
@_exported import func Glibc.log1p
@_exported import func Glibc.sqrt
#elseif canImport(Darwin)
@_exported import func Darwin.erfc
@_exported import func Darwin.exp
@_exported import func Darwin.lgamma
@_exported import func Darwin.log
@_exported import func Darwin.log1p
@_exported import func Darwin.sqrt
#elseif canImport(ucrt)
@_exported import func ucrt.erfc
@_exported import func ucrt.exp
@_exported import func ucrt.lgamma
@_exported import func ucrt.log
@_exported import func ucrt.log1p
@_exported import func ucrt.sqrt
#endif
