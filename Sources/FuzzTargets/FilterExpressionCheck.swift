import Capture

/// Input: the text of one display filter. A refusal names a column inside the text (or just past
/// it); what tlspeek prints as "understood" parses back to the same filter.
enum FilterExpressionCheck {
    static func check(_ input: [UInt8]) throws(InvariantViolation) {
        let text = String(decoding: input, as: UTF8.self)
        let expression: FilterExpression
        do throws(FilterError) {
            expression = try FilterExpression(parsing: text)
        } catch {
            guard (1...text.count + 1).contains(error.column) else {
                throw InvariantViolation("column \(error.column) for \(text.debugDescription)")
            }
            return
        }
        let printed = expression.description
        let reparsed = (try? FilterExpression(parsing: printed))?.description
        guard reparsed == printed else {
            throw InvariantViolation("\(text.debugDescription) prints as \(printed.debugDescription), which parses as \(String(describing: reparsed))")
        }
    }
}
