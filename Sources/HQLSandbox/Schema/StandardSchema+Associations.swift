/// The association types, both directions of each pair: the contract's default type ids, and
/// HubSpot's for activities, leads and the commerce objects (the v4 associations guide's table of
/// `HUBSPOT_DEFINED` type ids).
extension StandardSchema {
    /// Activity object type id → its default association type ids with contacts, companies,
    /// deals and tickets: (to the other, from the other).
    static let activityAssociations: [(object: String, contact: (Int, Int), company: (Int, Int), deal: (Int, Int),
        ticket: (Int, Int))] = [
        ("0-48", (194, 193), (182, 181), (206, 205), (220, 219)),  // calls
        ("0-49", (198, 197), (186, 185), (210, 209), (224, 223)),  // emails
        ("0-47", (200, 199), (188, 187), (212, 211), (226, 225)),  // meetings
        ("0-46", (202, 201), (190, 189), (214, 213), (228, 227)),  // notes
        ("0-27", (204, 203), (192, 191), (216, 215), (230, 229)),  // tasks
        ("0-18", (82, 81), (88, 87), (86, 85), (84, 83)),  // communications
        ("0-116", (454, 453), (460, 459), (462, 461), (458, 457)),  // postal mail
    ]

    static func associations() -> [AssociationDefinition] {
        var result: [AssociationDefinition] = []
        func pair(_ a: String, _ b: String, _ forward: Int, _ backward: Int, label: String? = nil,
            category: String = "HUBSPOT_DEFINED", primary: Bool = false)
        {
            result.append(AssociationDefinition(fromObjectTypeId: a, toObjectTypeId: b, category: category,
                typeId: forward, label: label, inverseTypeId: backward, isPrimary: primary))
            result.append(AssociationDefinition(fromObjectTypeId: b, toObjectTypeId: a, category: category,
                typeId: backward, label: label, inverseTypeId: forward, isPrimary: primary))
        }
        let contact = "0-1", company = "0-2", deal = "0-3", ticket = "0-5", lineItem = "0-8", quote = "0-14"
        pair(contact, company, 279, 280)
        pair(contact, company, 1, 2, label: "Primary", primary: true)
        pair(contact, company, 101, 102, label: "Decision maker", category: "USER_DEFINED")
        pair(deal, contact, 3, 4)
        pair(deal, company, 341, 342)
        pair(deal, company, 5, 6, label: "Primary", primary: true)
        pair(ticket, contact, 16, 15)
        pair(ticket, company, 339, 340)
        pair(ticket, company, 26, 25, label: "Primary", primary: true)
        pair(deal, ticket, 27, 28)
        pair(deal, lineItem, 19, 20)
        pair(quote, deal, 64, 63)
        pair(quote, contact, 69, 70)
        pair(quote, lineItem, 67, 68)
        pair(customObjectTypeId, contact, 113, 114)
        pair(customObjectTypeId, company, 115, 116)
        for activity in activityAssociations {
            pair(activity.object, contact, activity.contact.0, activity.contact.1)
            pair(activity.object, company, activity.company.0, activity.company.1)
            pair(activity.object, deal, activity.deal.0, activity.deal.1)
            pair(activity.object, ticket, activity.ticket.0, activity.ticket.1)
        }
        let lead = "0-136"
        pair(lead, contact, 608, 607)
        pair(lead, contact, 578, 579, label: "Primary", primary: true)
        pair(lead, company, 610, 609)
        return result
    }
}
