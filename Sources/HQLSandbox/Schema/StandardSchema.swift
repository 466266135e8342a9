import HubSpotAPI

/// The object types, properties and association types of the generated portal: HubSpot's
/// standard objects with their default properties (``StandardProperties``), and the demo's
/// custom object `vehicles`.
enum StandardSchema {
    static let customObjectTypeId = "2-3508482"

    static func options(_ pairs: [(String, String)]) -> [PropertyOption] {
        pairs.enumerated().map { PropertyOption(label: $1.1, value: $1.0, displayOrder: $0) }
    }

    static func options(_ values: [String]) -> [PropertyOption] {
        options(values.map { ($0, StandardProperties.words($0)) })
    }

    /// The stamps every type has: id, creation and modification.
    private static func stamps(created: String, modified: String) -> [PropertySpec] {
        [
            PropertySpec(name: "hs_object_id", label: "Record ID", type: .number, fieldType: "number",
                groupName: "info", readOnly: true, unique: true, calculated: true),
            // Writable on create only, so imports can back-date records (a sandbox choice).
            PropertySpec(name: created, label: "Create Date", type: .datetime, fieldType: "date", groupName: "info"),
            PropertySpec(name: modified, label: "Last Modified Date", type: .datetime, fieldType: "date", groupName: "info",
                readOnly: true),
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

    /// A standard object's names and search behaviour (its properties come from a table).
    private struct Standard {
        var id: String, name: String, singular: String, label: String, plural: String
        var table: String
        var defaults: [String]
        var text: [String]
        var display: String
        var created = "hs_createdate"
        var modified = "hs_lastmodifieddate"
        /// The pipelines its `@pipelines`/`@stages` options and stage family come from.
        var pipelineKey: String?
        var extra: [PropertySpec] = []
    }

    static func types(owners: [Owner], pipelines: [String: [Pipeline]]) -> [ObjectType] {
        let shared = StandardProperties.sharedOptions(owners: owners)
        let engagement = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]
        let common = StandardProperties.activityCommon
        let standards: [Standard] = [
            Standard(id: "0-1", name: "contacts", singular: "contact", label: "Contact", plural: "Contacts",
                table: StandardProperties.contacts,
                defaults: ["firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"],
                text: ["firstname", "lastname", "email", "phone", "mobilephone", "company", "website"], display: "email",
                created: "createdate", modified: "lastmodifieddate",
                extra: StandardProperties.lifecycleFamily(contacts: true, group: "contactinformation")),
            Standard(id: "0-2", name: "companies", singular: "company", label: "Company", plural: "Companies",
                table: StandardProperties.companies,
                defaults: ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"],
                text: ["name", "domain", "website", "phone"], display: "name", created: "createdate",
                extra: StandardProperties.lifecycleFamily(contacts: false, group: "companyinformation")),
            Standard(id: "0-3", name: "deals", singular: "deal", label: "Deal", plural: "Deals",
                table: StandardProperties.deals,
                defaults: ["dealname", "amount", "closedate", "pipeline", "dealstage", "createdate", "hs_lastmodifieddate",
                    "hs_object_id"],
                text: ["dealname", "pipeline", "dealstage", "description", "dealtype"], display: "dealname",
                created: "createdate", pipelineKey: "deals"),
            Standard(id: "0-5", name: "tickets", singular: "ticket", label: "Ticket", plural: "Tickets",
                table: StandardProperties.tickets,
                defaults: ["content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority",
                    "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"],
                text: ["subject", "content", "hs_ticket_category", "hs_pipeline_stage"], display: "subject",
                created: "createdate", pipelineKey: "tickets"),
            Standard(id: "0-7", name: "products", singular: "product", label: "Product", plural: "Products",
                table: StandardProperties.products,
                defaults: ["name", "description", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
                text: ["name", "description", "hs_sku"], display: "name", created: "createdate"),
            Standard(id: "0-8", name: "line_items", singular: "line_item", label: "Line Item", plural: "Line Items",
                table: StandardProperties.lineItems,
                defaults: ["quantity", "amount", "price", "createdate", "hs_lastmodifieddate", "hs_object_id"],
                text: ["name"], display: "name", created: "createdate"),
            Standard(id: "0-14", name: "quotes", singular: "quote", label: "Quote", plural: "Quotes",
                table: StandardProperties.quotes,
                defaults: ["hs_expiration_date", "hs_public_url_key", "hs_status", "hs_title", "hs_createdate",
                    "hs_lastmodifieddate", "hs_object_id"],
                text: ["hs_title"], display: "hs_title"),
            Standard(id: "0-48", name: "calls", singular: "call", label: "Call", plural: "Calls",
                table: common + "\n" + StandardProperties.calls, defaults: engagement,
                text: ["hs_call_title", "hs_call_body"], display: "hs_call_title"),
            Standard(id: "0-49", name: "emails", singular: "email", label: "Email", plural: "Emails",
                table: common + "\n" + StandardProperties.emails, defaults: engagement,
                text: ["hs_email_subject", "hs_email_text", "hs_email_to_email", "hs_email_sender_email"],
                display: "hs_email_subject"),
            Standard(id: "0-47", name: "meetings", singular: "meeting", label: "Meeting", plural: "Meetings",
                table: common + "\n" + StandardProperties.meetings, defaults: engagement,
                text: ["hs_meeting_title", "hs_meeting_body", "hs_meeting_location"], display: "hs_meeting_title"),
            Standard(id: "0-46", name: "notes", singular: "note", label: "Note", plural: "Notes",
                table: common + "\n" + StandardProperties.notes, defaults: engagement, text: ["hs_note_body"],
                display: "hs_note_body"),
            Standard(id: "0-27", name: "tasks", singular: "task", label: "Task", plural: "Tasks",
                table: common + "\n" + StandardProperties.tasks, defaults: engagement,
                text: ["hs_task_subject", "hs_task_body"], display: "hs_task_subject"),
            Standard(id: "0-18", name: "communications", singular: "communication", label: "Communication",
                plural: "Communications", table: common + "\n" + StandardProperties.communications, defaults: engagement,
                text: ["hs_communication_body"], display: "hs_communication_body"),
            Standard(id: "0-116", name: "postal_mail", singular: "postal_mail", label: "Postal mail", plural: "Postal mail",
                table: common + "\n" + StandardProperties.postalMail, defaults: engagement, text: ["hs_postal_mail_body"],
                display: "hs_postal_mail_body"),
            Standard(id: "0-136", name: "leads", singular: "lead", label: "Lead", plural: "Leads",
                table: StandardProperties.leads, defaults: ["hs_lead_name"] + engagement,
                text: ["hs_lead_name", "hs_associated_contact_email", "hs_associated_company_name"], display: "hs_lead_name",
                pipelineKey: "leads"),
            Standard(id: "0-74", name: "goal_targets", singular: "goal_target", label: "Goal", plural: "Goals",
                table: StandardProperties.goalTargets, defaults: engagement, text: ["hs_goal_name"], display: "hs_goal_name"),
            Standard(id: "0-19", name: "feedback_submissions", singular: "feedback_submission", label: "Feedback submission",
                plural: "Feedback submissions", table: StandardProperties.feedbackSubmissions, defaults: engagement,
                text: ["hs_survey_name", "hs_content"], display: "hs_submission_name"),
            // The type id is not in HubSpot's public table (choice); HQL does not list the object.
            Standard(id: "0-82", name: "deal_splits", singular: "deal_split", label: "Deal split", plural: "Deal splits",
                table: StandardProperties.dealSplits, defaults: engagement, text: [], display: "hs_deal_split_percentage"),
        ]
        var types = standards.map { standard -> ObjectType in
            var named = shared
            if let key = standard.pipelineKey {
                let list = pipelines[key] ?? []
                named["pipelines"] = options(list.map { ($0.id, $0.label) })
                named["stages"] = options(list.flatMap { pipeline in pipeline.stages.map { ($0.id, $0.label) } })
            }
            var properties = PropertyTable.parse(standard.table, options: named) + standard.extra
            if standard.pipelineKey == "deals" || standard.pipelineKey == "tickets" {
                properties += StandardProperties.stageFamily(pipelines[standard.pipelineKey ?? ""] ?? [],
                    group: standard.name == "deals" ? "dealstages" : "ticketinformation")
            }
            properties += stamps(created: standard.created, modified: standard.modified)
            return ObjectType(
                objectTypeId: standard.id, name: standard.name, singular: standard.singular,
                labels: SchemaLabels(singular: standard.label, plural: standard.plural),
                fullyQualifiedName: standard.singular, properties: properties, defaultProperties: standard.defaults,
                textProperties: standard.text, createdProperty: standard.created, modifiedProperty: standard.modified,
                primaryDisplayProperty: standard.display, isCustom: false)
        }
        types.append(vehicles())
        return types
    }

    private static func vehicles() -> ObjectType {
        let properties = PropertyTable.parse("""
            vin | VIN | string | vehicle_information | x
            make | Make | enumeration | vehicle_information | x | \(vehicleMakes.map { "\($0)=\($0)" }.joined(separator: ";"))
            model | Model | string | vehicle_information | x
            year | Year | number | vehicle_information | x
            color | Color | string | vehicle_information | x
            mileage | Mileage | number | vehicle_information | x
            """)
        return ObjectType(
            objectTypeId: customObjectTypeId, name: "vehicles", singular: "vehicle",
            labels: SchemaLabels(singular: "Vehicle", plural: "Vehicles"), fullyQualifiedName: "p_vehicles",
            properties: properties + stamps(created: "hs_createdate", modified: "hs_lastmodifieddate"),
            defaultProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
            textProperties: ["vin", "make", "model"],
            createdProperty: "hs_createdate", modifiedProperty: "hs_lastmodifieddate", primaryDisplayProperty: "vin",
            isCustom: true)
    }
}
