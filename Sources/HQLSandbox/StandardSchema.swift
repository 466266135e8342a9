import HubSpotAPI

/// The object types, properties and association types of the generated portal.
enum StandardSchema {
    static let customObjectTypeId = "2-3508482"

    static func options(_ pairs: [(String, String)]) -> [PropertyOption] {
        pairs.enumerated().map { PropertyOption(label: $1.1, value: $1.0, displayOrder: $0) }
    }

    static func options(_ values: [String]) -> [PropertyOption] {
        options(values.map { ($0, label(for: $0)) })
    }

    private static func label(for value: String) -> String {
        value.split(whereSeparator: { $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }

    private static func text(_ name: String, _ label: String, group: String = "info") -> PropertySpec {
        PropertySpec(name: name, label: label, type: .string, fieldType: "text", groupName: group)
    }
    private static func number(_ name: String, _ label: String, readOnly: Bool = false) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .number, fieldType: "number", groupName: "info",
            readOnly: readOnly, calculated: readOnly)
    }
    private static func datetime(_ name: String, _ label: String, readOnly: Bool = false) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .datetime, fieldType: "date", groupName: "info", readOnly: readOnly)
    }
    private static func date(_ name: String, _ label: String) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .date, fieldType: "date", groupName: "info", hubspotDefined: false)
    }
    private static func select(_ name: String, _ label: String, _ values: [PropertyOption], multi: Bool = false) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .enumeration, fieldType: multi ? "checkbox" : "select",
            groupName: "info", options: values)
    }
    private static func phone(_ name: String, _ label: String) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .phoneNumber, fieldType: "phonenumber", groupName: "info")
    }
    private static func bool(_ name: String, _ label: String) -> PropertySpec {
        PropertySpec(name: name, label: label, type: .bool, fieldType: "booleancheckbox", groupName: "info",
            options: options([("true", "Yes"), ("false", "No")]))
    }
    private static func owner(_ owners: [Owner]) -> PropertySpec {
        PropertySpec(name: "hubspot_owner_id", label: "Owner", type: .enumeration, fieldType: "select",
            groupName: "info", options: owners.enumerated().map {
                PropertyOption(label: "\($1.firstName) \($1.lastName)", value: $1.id, displayOrder: $0)
            }, externalOptions: true)
    }

    /// The stamps every type has: id, creation and modification.
    private static func stamps(created: String, modified: String) -> [PropertySpec] {
        [
            PropertySpec(name: "hs_object_id", label: "Record ID", type: .number, fieldType: "number",
                groupName: "info", readOnly: true, unique: true, calculated: true),
            // Writable on create only, so imports can back-date records (a sandbox choice).
            datetime(created, "Create Date"),
            datetime(modified, "Last Modified Date", readOnly: true),
        ]
    }

    static let lifecycleStages = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
        "opportunity", "customer", "evangelist", "other"]
    static let leadStatuses = ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT",
        "CONNECTED", "BAD_TIMING"]
    static let industries = ["COMPUTER_SOFTWARE", "INFORMATION_TECHNOLOGY_AND_SERVICES", "MARKETING_AND_ADVERTISING",
        "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE", "RETAIL", "EDUCATION_MANAGEMENT", "CONSTRUCTION",
        "LOGISTICS_AND_SUPPLY_CHAIN", "REAL_ESTATE", "TELECOMMUNICATIONS", "INSURANCE"]
    static let sources = ["ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA", "REFERRALS",
        "OTHER_CAMPAIGNS", "DIRECT_TRAFFIC", "OFFLINE"]
    static let buyingRoles = ["DECISION_MAKER", "BUDGET_HOLDER", "CHAMPION", "INFLUENCER", "END_USER"]
    static let ticketCategories = ["PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"]
    static let ticketPriorities = ["LOW", "MEDIUM", "HIGH", "URGENT"]
    static let quoteStatuses = ["DRAFT", "APPROVAL_NOT_NEEDED", "PENDING_APPROVAL", "APPROVED", "REJECTED"]
    static let vehicleMakes = ["Toyota", "Ford", "Volkswagen", "Tesla", "Renault", "Hyundai", "BMW", "Volvo"]

    static func types(owners: [Owner], pipelines: [String: [Pipeline]]) -> [ObjectType] {
        let ownerProperty = owner(owners)
        func stageOptions(_ object: String) -> [PropertyOption] {
            options((pipelines[object] ?? []).flatMap { pipeline in pipeline.stages.map { ($0.id, $0.label) } })
        }
        func pipelineOptions(_ object: String) -> [PropertyOption] {
            options((pipelines[object] ?? []).map { ($0.id, $0.label) })
        }
        var emailProperty = text("email", "Email")
        emailProperty.unique = true
        let contacts = ObjectType(
            objectTypeId: "0-1", name: "contacts", singular: "contact",
            labels: SchemaLabels(singular: "Contact", plural: "Contacts"), fullyQualifiedName: "contact",
            properties: [
                text("firstname", "First Name"), text("lastname", "Last Name"), emailProperty,
                phone("phone", "Phone Number"), phone("mobilephone", "Mobile Phone Number"),
                text("company", "Company Name"), text("website", "Website URL"), text("jobtitle", "Job Title"),
                select("lifecyclestage", "Lifecycle Stage", options(lifecycleStages.map { ($0, label(for: $0)) })),
                select("hs_lead_status", "Lead Status", options(leadStatuses)),
                text("country", "Country/Region"), text("city", "City"), ownerProperty,
                select("hs_analytics_source", "Original Source", options(sources)),
                select("hs_buying_role", "Buying Role", options(buyingRoles), multi: true),
                bool("hs_email_optout", "Unsubscribed from all email"),
                datetime("notes_last_contacted", "Last Contacted"),
                number("num_associated_deals", "Number of Associated Deals", readOnly: true),
                date("onboarding_date", "Onboarding Date"),
            ] + stamps(created: "createdate", modified: "lastmodifieddate"),
            defaultProperties: ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"],
            textProperties: ["firstname", "lastname", "email", "phone", "mobilephone", "company", "website"],
            createdProperty: "createdate", modifiedProperty: "lastmodifieddate", primaryDisplayProperty: "email",
            isCustom: false)
        let companies = ObjectType(
            objectTypeId: "0-2", name: "companies", singular: "company",
            labels: SchemaLabels(singular: "Company", plural: "Companies"), fullyQualifiedName: "company",
            properties: [
                text("name", "Company name"), text("domain", "Company Domain Name"), text("website", "Website URL"),
                phone("phone", "Phone Number"), select("industry", "Industry", options(industries)),
                number("numberofemployees", "Number of Employees"), number("annualrevenue", "Annual Revenue"),
                text("city", "City"), text("country", "Country/Region"),
                select("type", "Type", options(["PROSPECT", "PARTNER", "RESELLER", "VENDOR", "OTHER"])),
                select("lifecyclestage", "Lifecycle Stage", options(lifecycleStages.map { ($0, label(for: $0)) })),
                ownerProperty, text("description", "Description"), date("renewal_date", "Renewal Date"),
                number("num_associated_contacts", "Number of Associated Contacts", readOnly: true),
            ] + stamps(created: "createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["name", "domain", "website", "phone"],
            createdProperty: "createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "name",
            isCustom: false)
        let deals = ObjectType(
            objectTypeId: "0-3", name: "deals", singular: "deal",
            labels: SchemaLabels(singular: "Deal", plural: "Deals"), fullyQualifiedName: "deal",
            properties: [
                text("dealname", "Deal Name"), number("amount", "Amount"), datetime("closedate", "Close Date"),
                select("pipeline", "Pipeline", pipelineOptions("deals")),
                select("dealstage", "Deal Stage", stageOptions("deals")),
                select("dealtype", "Deal Type", options([("newbusiness", "New Business"),
                    ("existingbusiness", "Existing Business")])),
                select("hs_priority", "Priority", options([("low", "Low"), ("medium", "Medium"), ("high", "High")])),
                text("description", "Deal Description"), ownerProperty,
            ] + stamps(created: "createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
                "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["dealname", "pipeline", "dealstage", "description", "dealtype"],
            createdProperty: "createdate", modifiedProperty: "hs_lastmodifieddate",
            primaryDisplayProperty: "dealname", isCustom: false)
        let tickets = ObjectType(
            objectTypeId: "0-5", name: "tickets", singular: "ticket",
            labels: SchemaLabels(singular: "Ticket", plural: "Tickets"), fullyQualifiedName: "ticket",
            properties: [
                text("subject", "Ticket name"), text("content", "Ticket description"),
                select("hs_pipeline", "Pipeline", pipelineOptions("tickets")),
                select("hs_pipeline_stage", "Ticket status", stageOptions("tickets")),
                select("hs_ticket_category", "Category", options(ticketCategories)),
                select("hs_ticket_priority", "Priority", options(ticketPriorities)),
                select("source_type", "Source", options(["EMAIL", "CHAT", "PHONE", "FORM"])), ownerProperty,
            ] + stamps(created: "createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["subject", "content", "hs_ticket_category", "hs_pipeline_stage"],
            createdProperty: "createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "subject",
            isCustom: false)
        let products = ObjectType(
            objectTypeId: "0-7", name: "products", singular: "product",
            labels: SchemaLabels(singular: "Product", plural: "Products"), fullyQualifiedName: "product",
            properties: [
                text("name", "Name"), text("description", "Description"), number("price", "Unit price"),
                text("hs_sku", "SKU"),
            ] + stamps(created: "createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["name", "description", "hs_sku"],
            createdProperty: "createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "name",
            isCustom: false)
        let lineItems = ObjectType(
            objectTypeId: "0-8", name: "line_items", singular: "line_item",
            labels: SchemaLabels(singular: "Line Item", plural: "Line Items"), fullyQualifiedName: "line_item",
            properties: [
                text("name", "Name"), number("quantity", "Quantity"), number("price", "Unit price"),
                number("amount", "Net price"), number("hs_product_id", "Product ID"),
            ] + stamps(created: "createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["name"],
            createdProperty: "createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "name",
            isCustom: false)
        let quotes = ObjectType(
            objectTypeId: "0-14", name: "quotes", singular: "quote",
            labels: SchemaLabels(singular: "Quote", plural: "Quotes"), fullyQualifiedName: "quote",
            properties: [
                text("hs_title", "Quote Name"), datetime("hs_expiration_date", "Expiration Date"),
                text("hs_public_url_key", "Public URL Key"), select("hs_status", "Quote approval status", options(quoteStatuses)),
            ] + stamps(created: "hs_createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["hs_expiration_date", "hs_public_url_key", "hs_status", "hs_title", "hs_createdate",
                "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["hs_title"],
            createdProperty: "hs_createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "hs_title",
            isCustom: false)
        var vin = text("vin", "VIN")
        vin.hubspotDefined = false
        let vehicles = ObjectType(
            objectTypeId: customObjectTypeId, name: "vehicles", singular: "vehicle",
            labels: SchemaLabels(singular: "Vehicle", plural: "Vehicles"), fullyQualifiedName: "p_vehicles",
            properties: [
                vin, select("make", "Make", options(vehicleMakes.map { ($0, $0) })), text("model", "Model"),
                number("year", "Year"), text("color", "Color"), number("mileage", "Mileage"),
            ].map { property in
                var custom = property
                custom.hubspotDefined = property.name.hasPrefix("hs_")
                return custom
            } + stamps(created: "hs_createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["vin", "make", "model"],
            createdProperty: "hs_createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "vin",
            isCustom: true)
        return [contacts, companies, deals, tickets, products, lineItems, quotes, vehicles]
    }

    /// The association types, both directions of each pair (the contract's default type ids).
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
        return result
    }
}
