/// A coding key made at run time: a metric's name in a report, or a step of a location in
/// a file being decoded (a dictionary key or an array index).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) { self.init(stringValue: string) }
    init(stringValue: String) { self.stringValue = stringValue; intValue = nil }
    init(intValue: Int) { stringValue = String(intValue); self.intValue = intValue }
}
