/// An input for which the code under test returned something it promises never to return.
public struct InvariantViolation: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
