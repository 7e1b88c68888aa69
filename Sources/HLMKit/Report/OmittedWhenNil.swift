/// A schema key written only when it has a value: the HGLM keys of the JSON report (`family`, `estimation`,
/// `odds_ratio`, ...) appear for non-normal fits only, so the normal model's document stays as it was.
///
/// The `KeyedEncodingContainer` and `KeyedDecodingContainer` overloads below are chosen statically by the
/// synthesized `Codable` conformances: they leave the key out when `value` is nil and read a missing key as nil.
/// A present key may still hold `null` when `Value` is itself optional.
struct OmittedWhenNil<Value: Codable>: Codable {
    /// The value, or nil to leave the key out.
    var value: Value?

    /// Wraps `value`.
    init(_ value: Value?) { self.value = value }

    /// The value encoded in place (the key's container writes it; see the overloads).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }

    /// The value decoded in place.
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedEncodingContainer {
    /// Writes `value`'s value under `key`, or nothing when it has none.
    mutating func encode<Value>(_ value: OmittedWhenNil<Value>, forKey key: Key) throws {
        if let inner = value.value { try encode(inner, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads `key` when present (nil when missing).
    func decode<Value>(_ type: OmittedWhenNil<Value>.Type, forKey key: Key) throws -> OmittedWhenNil<Value> {
        OmittedWhenNil(try decodeIfPresent(Value.self, forKey: key))
    }
}
