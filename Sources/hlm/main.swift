import HLMKit

print("hlm")
