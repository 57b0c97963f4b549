/// Derives inputs from a corpus: each is a corpus entry changed by one to four random edits, with
/// bytes and tokens (the `dictionary`) that parsers treat specially.
struct ByteMutator {
    /// One edit of an input.
    private enum Edit: CaseIterable {
        case flipBit, replaceByte, insertSpecialByte, deleteRange, duplicateRange, insertToken, spliceOtherEntry
    }

    /// Delimiters, whitespace, controls and digits: where parsers make decisions.
    private static let specialBytes = Array("\r\n\t :;,.-+*?[]()\"\\/@#%=0179af".utf8) + [0x00, 0x7f, 0xff, 0xc3]

    private var generator: SplitMix64
    private let corpus: [[UInt8]]
    private let dictionary: [[UInt8]]

    init(generator: SplitMix64, corpus: [[UInt8]], dictionary: [[UInt8]]) {
        precondition(!corpus.isEmpty, "a corpus needs at least one entry")
        self.generator = generator
        self.corpus = corpus
        self.dictionary = dictionary.isEmpty ? [[0x20]] : dictionary
    }

    mutating func next() -> [UInt8] {
        var input = corpus.randomElement(using: &generator)!
        for _ in 0..<Int.random(in: 1...4, using: &generator) { apply(Edit.allCases.randomElement(using: &generator)!, to: &input) }
        return input
    }

    private mutating func apply(_ edit: Edit, to input: inout [UInt8]) {
        let position = Int.random(in: 0...input.count, using: &generator)
        switch edit {
        case .flipBit where position < input.count:
            input[position] ^= 1 << UInt8.random(in: 0...7, using: &generator)
        case .replaceByte where position < input.count:
            input[position] = Self.specialBytes.randomElement(using: &generator)!
        case .insertSpecialByte:
            input.insert(Self.specialBytes.randomElement(using: &generator)!, at: position)
        case .deleteRange where position < input.count:
            input.removeSubrange(position..<min(input.count, position + Int.random(in: 1...8, using: &generator)))
        case .duplicateRange where position < input.count:
            let range = position..<min(input.count, position + Int.random(in: 1...16, using: &generator))
            input.insert(contentsOf: Array(input[range]), at: position)
        case .insertToken:
            input.insert(contentsOf: dictionary.randomElement(using: &generator)!, at: position)
        case .spliceOtherEntry:
            let other = corpus.randomElement(using: &generator)!
            input = Array(input[..<position]) + other[Int.random(in: 0...other.count, using: &generator)...]
        case .flipBit, .replaceByte, .deleteRange, .duplicateRange:
            input.insert(Self.specialBytes.randomElement(using: &generator)!, at: position)
        }
    }
}
