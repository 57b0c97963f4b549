import Foundation

/// Checks a parsed HAR document against HAR 1.2's required fields and their types; returns what
/// is missing or mistyped, empty when the document conforms.
public struct HARChecker {
    private enum Kind {
        case string, number, object, array
    }

    public private(set) var problems: [String] = []

    public init(document: Any) {
        guard let log = object(document, "")?["log"].flatMap({ object($0, "log") }) else {
            problems.append("log: missing")
            return
        }
        require(log, "log", ["version": .string, "creator": .object, "entries": .array])
        if let creator = log["creator"].flatMap({ object($0, "log.creator") }) {
            require(creator, "log.creator", ["name": .string, "version": .string])
        }
        for (index, entry) in (log["entries"] as? [Any] ?? []).enumerated() {
            checkEntry(entry, "log.entries[\(index)]")
        }
    }

    private mutating func checkEntry(_ value: Any, _ path: String) {
        guard let entry = object(value, path) else { return }
        require(entry, path, ["startedDateTime": .string, "time": .number, "request": .object, "response": .object,
                              "cache": .object, "timings": .object])
        optional(entry, path, ["serverIPAddress": .string, "connection": .string])
        if let request = entry["request"].flatMap({ object($0, path + ".request") }) {
            let at = path + ".request"
            require(request, at, ["method": .string, "url": .string, "httpVersion": .string, "cookies": .array,
                                  "headers": .array, "queryString": .array, "headersSize": .number, "bodySize": .number])
            pairs(request, at, ["cookies", "headers", "queryString"])
            if let postData = request["postData"].flatMap({ object($0, at + ".postData") }) {
                require(postData, at + ".postData", ["mimeType": .string])
                optional(postData, at + ".postData", ["text": .string, "params": .array])
            }
        }
        if let response = entry["response"].flatMap({ object($0, path + ".response") }) {
            let at = path + ".response"
            require(response, at, ["status": .number, "statusText": .string, "httpVersion": .string, "cookies": .array,
                                   "headers": .array, "content": .object, "redirectURL": .string,
                                   "headersSize": .number, "bodySize": .number])
            pairs(response, at, ["cookies", "headers"])
            if let content = response["content"].flatMap({ object($0, at + ".content") }) {
                require(content, at + ".content", ["size": .number, "mimeType": .string])
                optional(content, at + ".content", ["text": .string, "encoding": .string, "compression": .number])
            }
        }
        if let timings = entry["timings"].flatMap({ object($0, path + ".timings") }) {
            require(timings, path + ".timings", ["send": .number, "wait": .number, "receive": .number])
            optional(timings, path + ".timings", ["blocked": .number, "dns": .number, "connect": .number, "ssl": .number])
        }
    }

    /// Cookies, headers and query parameters each need a string name and value.
    private mutating func pairs(_ parent: [String: Any], _ path: String, _ keys: [String]) {
        for key in keys {
            for (index, item) in (parent[key] as? [Any] ?? []).enumerated() {
                if let pair = object(item, "\(path).\(key)[\(index)]") {
                    require(pair, "\(path).\(key)[\(index)]", ["name": .string, "value": .string])
                }
            }
        }
    }

    private mutating func require(_ object: [String: Any], _ path: String, _ fields: [String: Kind]) {
        for (key, kind) in fields {
            guard let value = object[key] else {
                problems.append("\(path).\(key): missing")
                continue
            }
            check(value, kind, "\(path).\(key)")
        }
    }

    private mutating func optional(_ object: [String: Any], _ path: String, _ fields: [String: Kind]) {
        for (key, kind) in fields {
            if let value = object[key] { check(value, kind, "\(path).\(key)") }
        }
    }

    private mutating func check(_ value: Any, _ kind: Kind, _ path: String) {
        let matches: Bool
        switch kind {
        case .string: matches = value is String
        // JSONSerialization gives NSNumber for booleans too (type "c"); HAR numbers are never booleans.
        case .number: matches = (value as? NSNumber).map { String(cString: $0.objCType) != "c" } ?? false
        case .object: matches = value is [String: Any]
        case .array: matches = value is [Any]
        }
        if !matches { problems.append("\(path): not a \(kind)") }
    }

    private mutating func object(_ value: Any, _ path: String) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            problems.append("\(path): not an object")
            return nil
        }
        return object
    }
}
