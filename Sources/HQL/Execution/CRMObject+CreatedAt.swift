import HubSpotAPI

extension CRMObject {
    /// `createdAt` in epoch milliseconds (nil when it is not an instant). Splits and the dual
    /// scan read it for every record: from a page it is parsed from the bytes, with no string.
    var createdMilliseconds: Int64? {
        pageCreatedAtMilliseconds ?? ISO8601Milliseconds.parse(createdAt)
    }
}
