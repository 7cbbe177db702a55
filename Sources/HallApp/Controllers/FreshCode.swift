/// A code for a new complaint or appointment that no record ever had. The hall's books keep only
/// the records still open and those finished lately, so a code new to the book may still be an old
/// record's: the projection, which holds them all, is asked too. Reusing an old code would
/// overwrite an old complaint's row or fail the journal's write (an appointment's code is its key).
enum FreshCode {
    /// The first code `next` draws that `taken` does not know.
    static func draw(_ next: () -> String, unless taken: (String) throws -> Bool) rethrows -> String {
        var code = next()
        while try taken(code) { code = next() }
        return code
    }
}
