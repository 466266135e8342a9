/// "Did you mean" candidates by edit distance, as GraphQLSwift's `suggestionList` and DuckDB's
/// `CandidatesErrorMessage` do: close names first, at most a few.
enum Suggestions {
    /// Candidates within a distance proportional to the input's length, best first.
    static func closest(to input: String, among candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let needle = Array(input.lowercased().unicodeScalars)
        let threshold = max(1, needle.count / 3 + 1)
        var scored: [(distance: Int, name: String)] = []
        for candidate in candidates {
            let lowered = Array(candidate.lowercased().unicodeScalars)
            let distance = lowered == needle ? 0 : editDistance(needle, lowered, cap: threshold)
            if distance <= threshold { scored.append((distance, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return Array(scored.prefix(limit).map(\.name))
    }

    /// "did you mean 'a'?" / "did you mean 'a' or 'b'?", or nil with no candidate.
    static func didYouMean(_ input: String, among candidates: some Sequence<String>) -> String? {
        // The input itself is no suggestion (a name listed whose object the portal then lacked).
        let names = closest(to: input, among: candidates).filter { $0 != input }
        guard let first = names.first else { return nil }
        if names.count == 1 { return "did you mean '\(first)'?" }
        let quoted = names.map { "'\($0)'" }
        return "did you mean \(quoted.dropLast().joined(separator: ", ")) or \(quoted[quoted.count - 1])?"
    }

    /// Damerau–Levenshtein (optimal string alignment), stopping early past `cap`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int) -> Int {
        if abs(a.count - b.count) > cap { return cap + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > cap { return cap + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
