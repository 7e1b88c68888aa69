// Encoding a schema value into a `JSONValue`: keys in the order they are encoded, absent optionals as `null`.

/// Encodes `Encodable` values into `JSONValue` trees, keeping each object's keys in the order they are encoded
/// (the order of the type's stored properties) and writing an absent optional as `null`, not leaving its key out
/// as `JSONEncoder` does; numbers stay `Double` or `Int` for `JSONValue`'s printer. It never throws.
enum JSONValueEncoder {
    /// The tree of `value`.
    static func encode(_ value: some Encodable) -> JSONValue {
        let root = Node()
        // The containers below never throw, so neither can the schema types' encode(to:).
        try! value.encode(to: NodeEncoder(node: root))
        return root.value
    }
}

/// A value under construction: a scalar, or an object or array whose members are filled in later.
private final class Node {
    var scalar: JSONValue = .null
    var members: [(key: String, node: Node)]?
    var elements: [Node]?

    var value: JSONValue {
        if let members { return .object(members.map { ($0.key, $0.node.value) }) }
        if let elements { return .array(elements.map(\.value)) }
        return scalar
    }

    func member(_ key: some CodingKey) -> Node {
        let child = Node()
        members?.append((key.stringValue, child))
        return child
    }

    func element() -> Node {
        let child = Node()
        elements?.append(child)
        return child
    }
}

/// The encoder handed to `encode(to:)`: its containers write into `node`.
private struct NodeEncoder: Encoder {
    let node: Node
    // No container keeps a coding path: it serves only error messages, nothing here throws, and an array of
    // existentials built for every key was a measurable part of writing the report.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedNode<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return UnkeyedNode(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { ScalarNode(node: node) }
}

/// An object's members, appended in the order encoded.
private struct KeyedNode<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { _ = node.member(key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try value.encode(to: NodeEncoder(node: node.member(key)))
    }

    // `encodeIfPresent` writes `null` for nil: the JSON report keeps every key (docs/JSON.md).
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }

    private mutating func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.member(key)).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.member(key)).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.member(NameKey("super")))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key))
    }
}

/// An array's elements.
private struct UnkeyedNode: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }
    var count: Int { node.elements?.count ?? 0 }

    mutating func encodeNil() { _ = node.element() }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: NodeEncoder(node: node.element()))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.element()).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.element()).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.element()) }
}

/// A scalar: `Double` stays `.number` (printed shortest, non-finite as `null`), integers `.int`.
private struct ScalarNode: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() { node.scalar = .null }
    mutating func encode(_ value: Bool) { node.scalar = .bool(value) }
    mutating func encode(_ value: String) { node.scalar = .string(value) }
    mutating func encode(_ value: Double) { node.scalar = .number(value) }
    mutating func encode(_ value: Float) { node.scalar = .number(Double(value)) }
    mutating func encode(_ value: Int) { node.scalar = .int(value) }
    mutating func encode(_ value: Int8) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int16) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int32) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: Int64) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt) { integer(value) }
    mutating func encode(_ value: UInt8) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt16) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt32) { node.scalar = .int(Int(value)) }
    mutating func encode(_ value: UInt64) { integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try value.encode(to: NodeEncoder(node: node))
    }

    /// An unsigned integer beyond `Int.max` as a `Double` (the nearest).
    private func integer(_ value: some UnsignedInteger) {
        node.scalar = Int(exactly: value).map(JSONValue.int) ?? .number(Double(value))
    }
}

/// A coding key named at run time: a dictionary's key, an array index in a coding path.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}
