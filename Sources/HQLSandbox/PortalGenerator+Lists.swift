import HubSpotAPI

extension PortalGenerator.Builder {
    /// A few lists of each kind: MANUAL ("Newsletter"), SNAPSHOT, DYNAMIC over contacts,
    /// companies and deals.
    mutating func makeLists() {
        guard let contactIndex = portal.typeIndex(named: "contacts"), !contactIDs.isEmpty else { return }
        let created: Int64 = 1_640_995_200_000  // 2022-01-01T00:00:00Z
        let contacts = portal.stores[contactIndex]
        let email = contacts.propertyIndex["email"]
        let optout = contacts.propertyIndex["hs_email_optout"]
        func list(_ id: Int64, _ name: String, _ type: String, _ processing: String, filter: CRMList.ListFilter? = nil)
            -> CRMList
        {
            CRMList(listId: id, name: name, objectTypeId: type, processingType: processing, createdAt: created,
                updatedAt: created, filter: filter)
        }
        var newsletter = list(1, "Newsletter", "0-1", "MANUAL")
        var webinar = list(7, "Webinar attendees", "0-1", "MANUAL")
        var tradeShow = list(3, "Trade show leads 2025", "0-1", "SNAPSHOT")
        for record in contacts.records {
            let reachable = email.map { record.values.raw[$0] != nil } ?? false
                && optout.map { record.values.raw[$0] != "true" } ?? true
            if reachable, random.chance(0.35) {
                newsletter.members[record.id] = max(created, record.createdAt) + Int64(random.below(90)) * EpochTime.millisecondsPerDay
            }
            if random.chance(0.05) { webinar.members[record.id] = max(created, record.createdAt) + 3_600_000 }
            if record.createdAt >= 1_735_689_600_000, record.createdAt < 1_767_225_600_000, random.chance(0.12) {
                tradeShow.members[record.id] = 1_767_225_600_000
            }
        }
        let openStages = (portal.pipelines["deals"] ?? []).first?.stages.filter { $0.metadata["isClosed"] != "true" }.map(\.id) ?? []
        portal.lists = [
            newsletter,
            list(2, "Customers", "0-1", "DYNAMIC", filter: .init(property: "lifecyclestage", operation: "EQ", values: ["customer"])),
            tradeShow,
            list(4, "Enterprise accounts", "0-2", "DYNAMIC",
                filter: .init(property: "numberofemployees", operation: "GTE", values: ["1000"])),
            list(5, "Open deals in Sales Pipeline", "0-3", "DYNAMIC",
                filter: .init(property: "dealstage", operation: "EQ", values: openStages)),
            list(6, "Unsubscribed", "0-1", "DYNAMIC", filter: .init(property: "hs_email_optout", operation: "EQ", values: ["true"])),
            webinar,
        ]
    }
}
