import HubSpotAPI

extension PortalGenerator.Builder {
    /// One activity to store: made first, stored in creation order (inserting out of order would
    /// move records).
    private struct Planned {
        var type: String
        var created: Int64
        var values: [String: String]
        var instants: [String: Int64]
        /// (association type id, target id)
        var links: [(Int, Int64)]
    }

    /// The moment the demo's relative dates resolve against (2026-06-30T12:00Z).
    static let snapshotNoon = PortalGenerator.epochEnd + 12 * 3_600_000

    /// Activities on contacts (and their companies, deals, tickets), leads and goal targets.
    mutating func makeActivities(_ total: Int) {
        guard total > 0, !contactIDs.isEmpty, let contactIndex = portal.typeIndex(named: "contacts") else { return }
        let shares: [(String, Double)] = [
            ("emails", 0.30), ("calls", 0.20), ("tasks", 0.15), ("notes", 0.15), ("meetings", 0.12),
            ("communications", 0.04), ("postal_mail", 0.01), ("leads", 0.03),
        ]
        let contactStore = portal.stores[contactIndex]
        let index = contactStore.propertyIndex
        var planned: [String: [Planned]] = [:]
        for (type, share) in shares {
            let count = Int((Double(total) * share).rounded())
            for _ in 0..<count {
                let contactID = random.pick(contactIDs)
                guard let contact = contactStore.record(id: contactID) else { continue }
                func value(_ name: String) -> String? { index[name].flatMap { contact.values.raw[$0] } }
                let person = Person(
                    id: contactID, created: contact.createdAt, first: value("firstname") ?? "", last: value("lastname") ?? "",
                    email: value("email"), phone: value("phone"), owner: value("hubspot_owner_id") ?? owner())
                planned[type, default: []].append(plan(type, for: person))
            }
        }
        for (type, _) in shares {
            store(planned[type] ?? [], type: type)
        }
        makeGoalTargets()
        makeFeedback(count: total / 50, contacts: contactStore)
        makeDealSplits()
    }

    /// One deal in ten split between its owner (60%) and another owner (40%).
    private mutating func makeDealSplits() {
        guard let dealIndex = portal.typeIndex(named: "deals"), portal.owners.count > 1 else { return }
        let deals = portal.stores[dealIndex]
        guard let ownerSlot = deals.propertyIndex["hubspot_owner_id"], let amountSlot = deals.propertyIndex["amount"] else { return }
        var planned: [Planned] = []
        for deal in deals.records where random.chance(0.1) {
            guard let owner = deal.values.raw[ownerSlot] else { continue }
            let other = random.pick(portal.owners.filter { $0.id != owner }).id
            let amount = deal.values.numbers[amountSlot]
            for (who, share) in [(owner, 0.6), (other, 0.4)] {
                var values = ["hs_deal_split_percentage": String(share), "hubspot_owner_id": who, "hs_deal_id": String(deal.id)]
                if !amount.isNaN { values["hs_deal_split_amount"] = String(amount * share) }
                planned.append(Planned(type: "deal_splits", created: deal.createdAt, values: values, instants: [:], links: []))
            }
        }
        store(planned, type: "deal_splits")
    }

    /// NPS answers of some contacts (read-only in HubSpot: surveys write them).
    private mutating func makeFeedback(count: Int, contacts: ObjectStore) {
        let email = contacts.propertyIndex["email"]
        var planned: [Planned] = []
        for _ in 0..<count {
            let contactID = random.pick(contactIDs)
            guard let contact = contacts.record(id: contactID) else { continue }
            let score = random.below(11)
            let group = score >= 9 ? "PROMOTER" : score >= 7 ? "PASSIVE" : "DETRACTOR"
            var values: [String: String] = [
                "hs_survey_id": "4011", "hs_survey_name": "Customer NPS", "hs_survey_type": "NPS",
                "hs_survey_channel": random.pick(["EMAIL", "WEB"]), "hs_value": String(score), "hs_response_group": group,
                "hs_sentiment": score >= 9 ? "POSITIVE" : score >= 7 ? "NEUTRAL" : "NEGATIVE",
                "hs_submission_name": "Customer NPS – \(score)", "hs_contact_id": String(contactID),
            ]
            if let email, let address = contact.values.raw[email] { values["hs_contact_email_rollup"] = address }
            if random.chance(0.4) { values["hs_content"] = random.pick(PortalGenerator.callNotes) }
            planned.append(Planned(type: "feedback_submissions", created: min(moment(after: contact.createdAt), PortalGenerator.epochEnd),
                values: values, instants: [:], links: []))
        }
        store(planned, type: "feedback_submissions")
    }

    private struct Person {
        var id: Int64, created: Int64, first: String, last: String, email: String?, phone: String?, owner: String
        var name: String { "\(first) \(last)" }
    }

    /// When an activity happened: a quarter in the last 30 days before the snapshot, the rest
    /// any time after the contact was created.
    private mutating func moment(after created: Int64) -> Int64 {
        let end = Self.snapshotNoon
        let start = max(created, PortalGenerator.epochStart)
        if random.chance(0.25) {
            return max(start, end - Int64(random.unit() * 30 * Double(EpochTime.millisecondsPerDay)))
        }
        return start + Int64(random.unit() * Double(max(end - start, 1)))
    }

    private mutating func plan(_ type: String, for person: Person) -> Planned {
        var at = moment(after: person.created)
        // Tasks and meetings may be due or booked ahead.
        if type == "tasks" || type == "meetings", random.chance(0.15) {
            at = Self.snapshotNoon + Int64(1 + random.below(30)) * EpochTime.millisecondsPerDay + Int64(random.below(36_000_000))
        }
        let created = min(max(person.created, at - Int64(random.below(5)) * EpochTime.millisecondsPerDay), PortalGenerator.epochEnd)
        let future = at > Self.snapshotNoon
        var values: [String: String] = ["hubspot_owner_id": person.owner, "hs_object_source": "CRM_UI",
            "hs_object_source_label": "CRM_UI"]
        var instants: [String: Int64] = ["hs_timestamp": at]
        switch type {
        case "calls":
            let outcome = random.pick(StandardProperties.callOutcomes)
            let connected = outcome.label == "Connected"
            values["hs_call_title"] = "\(random.pick(["Discovery call", "Follow-up call", "Check-in", "Pricing call"])) with \(person.name)"
            values["hs_call_body"] = random.pick(PortalGenerator.callNotes)
            values["hs_call_direction"] = random.chance(0.8) ? "OUTBOUND" : "INBOUND"
            values["hs_call_disposition"] = outcome.id
            values["hs_call_status"] = "COMPLETED"
            values["hs_call_duration"] = String(connected ? (60 + random.below(2_400)) * 1_000 : random.below(40) * 1_000)
            values["hs_call_to_number"] = person.phone
            values["hs_activity_type"] = random.pick(["Discovery", "Demo", "Follow-up", "Negotiation"])
            values["hs_call_source"] = "CRM_UI"
        case "emails":
            let incoming = random.chance(0.3)
            let ownerEmail = portal.owners.first { $0.id == person.owner }?.email ?? "sales@sandbox-portal.example"
            values["hs_email_subject"] = (incoming ? "Re: " : "") + random.pick(PortalGenerator.emailSubjects)
            values["hs_email_text"] = "Hi \(incoming ? "there" : person.first), \(random.pick(PortalGenerator.callNotes))"
            values["hs_email_direction"] = incoming ? "INCOMING_EMAIL" : "EMAIL"
            values["hs_email_status"] = "SENT"
            values["hs_email_sender_email"] = incoming ? person.email : ownerEmail
            values["hs_email_to_email"] = incoming ? ownerEmail : person.email
            values["hs_email_to_firstname"] = incoming ? nil : person.first
            values["hs_email_to_lastname"] = incoming ? nil : person.last
            values["hs_email_open_count"] = String(incoming ? 0 : random.below(6))
            values["hs_email_click_count"] = String(incoming ? 0 : random.below(3))
            values["hs_email_logged_from"] = random.pick(["CRM", "GMAIL", "OUTLOOK"])
        case "meetings":
            let outcome = future ? "SCHEDULED" : random.pick(["COMPLETED", "COMPLETED", "COMPLETED", "NO_SHOW", "CANCELED", "RESCHEDULED"])
            values["hs_meeting_title"] = "\(random.pick(["Demo", "Discovery", "Onboarding", "Quarterly review", "Negotiation"])) with \(person.name)"
            values["hs_meeting_body"] = random.pick(PortalGenerator.callNotes)
            values["hs_meeting_outcome"] = outcome
            values["hs_meeting_location_type"] = random.pick(["VIDEO", "VIDEO", "PHONE", "ADDRESS"])
            values["hs_meeting_location"] = values["hs_meeting_location_type"] == "ADDRESS" ? "Head office" : "Video call"
            values["hs_meeting_source"] = random.pick(["CRM_UI", "MEETINGS_PUBLIC", "BIDIRECTIONAL_API"])
            values["hs_activity_type"] = random.pick(["Discovery", "Demo", "Follow-up", "Negotiation"])
            instants["hs_meeting_start_time"] = at
            instants["hs_meeting_end_time"] = at + Int64([30, 45, 60][random.below(3)]) * 60_000
        case "notes":
            values["hs_note_body"] = random.pick(PortalGenerator.callNotes)
        case "tasks":
            let done = !future && random.chance(0.75)
            values["hs_task_subject"] = "\(random.pick(["Follow up with", "Send proposal to", "Call", "Email"])) \(person.name)"
            values["hs_task_body"] = random.pick(PortalGenerator.callNotes)
            values["hs_task_status"] = done ? "COMPLETED" : random.pick(["NOT_STARTED", "IN_PROGRESS", "WAITING"])
            values["hs_task_priority"] = random.pick(["NONE", "LOW", "MEDIUM", "HIGH"])
            values["hs_task_type"] = random.pick(["CALL", "EMAIL", "TODO", "LINKED_IN"])
            values["hs_task_is_completed"] = done ? "1" : "0"
            values["hs_task_for_object_type"] = "CONTACT"
            if done { instants["hs_task_completion_date"] = at }
        case "communications":
            values["hs_communication_channel_type"] = random.pick(["WHATS_APP", "LINKEDIN_MESSAGE", "SMS"])
            values["hs_communication_logged_from"] = "CRM"
            values["hs_communication_body"] = random.pick(PortalGenerator.callNotes)
        case "postal_mail":
            values["hs_postal_mail_body"] = random.pick(["Sent the signed contract.", "Mailed a welcome pack.",
                "Received a cheque.", "Sent a thank-you card."])
            values["hs_direction"] = random.chance(0.8) ? "SENT" : "RECEIVED"
        default:  // leads
            instants = [:]
            values["hs_lead_name"] = person.name
            values["hs_pipeline"] = "lead-pipeline-id"
            values["hs_pipeline_stage"] = random.pick(["new-stage-id", "attempting-stage-id", "connected-stage-id",
                "qualified-stage-id", "unqualified-stage-id"])
            values["hs_lead_type"] = random.pick(["NEW_BUSINESS", "NEW_BUSINESS", "UPSELL", "RE_ATTEMPTING"])
            values["hs_lead_label"] = random.pick(["HOT", "WARM", "COLD"])
            values["hs_associated_contact_email"] = person.email
            values["hs_associated_contact_firstname"] = person.first
            values["hs_associated_contact_lastname"] = person.last
        }
        values = values.filter { !$0.value.isEmpty }
        return Planned(type: type, created: created, values: values, instants: instants, links: links(type, for: person))
    }

    /// The contact, its primary company, sometimes one of that company's deals, and (notes and
    /// emails) sometimes one of the contact's tickets.
    private mutating func links(_ type: String, for person: Person) -> [(Int, Int64)] {
        let companies = portal.associations.targets(from: "0-1", id: person.id, to: "0-2")
        let company = companies.first { $0.value.contains(1) }?.key ?? companies.keys.min()
        if type == "leads" {
            return [(578, person.id)] + (company.map { [(610, $0)] } ?? [])
        }
        guard let ids = StandardSchema.activityAssociations.first(where: { portal.typeIndex(objectTypeId: $0.object)
            .map { portal.types[$0].name == type } ?? false })
        else { return [] }
        var result: [(Int, Int64)] = [(ids.contact.0, person.id)]
        if let company {
            result.append((ids.company.0, company))
            let deals = portal.associations.targets(from: "0-2", id: company, to: "0-3").keys
            if !deals.isEmpty, random.chance(0.3), let deal = deals.min() { result.append((ids.deal.0, deal)) }
        }
        if type == "notes" || type == "emails", random.chance(0.15),
            let ticket = portal.associations.targets(from: "0-1", id: person.id, to: "0-5").keys.min()
        {
            result.append((ids.ticket.0, ticket))
        }
        return result
    }

    private mutating func store(_ planned: [Planned], type: String) {
        let stamped = planned.map { item in (item, id(at: item.created)) }
            .sorted { ($0.0.created, $0.1) < ($1.0.created, $1.1) }
        for (item, recordID) in stamped {
            let id = add(type, stamp: (item.created, recordID), values: item.values, instants: item.instants)
            for (typeId, target) in item.links { associate(typeId, id, target) }
        }
    }

    /// Two goals an owner for the quarter of the snapshot: revenue and meetings booked.
    private mutating func makeGoalTargets() {
        let start: Int64 = 1_775_001_600_000  // 2026-04-01T00:00:00Z
        let end: Int64 = 1_782_863_999_999  // 2026-06-30T23:59:59.999Z
        var planned: [Planned] = []
        for owner in portal.owners {
            let goals: [(String, String, Int)] = [("REVENUE", "revenue", 50_000 + random.below(20) * 10_000),
                ("MEETINGS_BOOKED", "meetings booked", 10 + random.below(30))]
            for (kind, label, target) in goals {
                let progress: Double = Double(target) * (0.3 + random.unit())
                let percent: Int = Int(progress * 100 / Double(target))
                let name: String = "Q2 2026 " + label + " – " + owner.firstName + " " + owner.lastName
                var values: [String: String] = [:]
                values["hs_goal_name"] = name
                values["hs_goal_type"] = kind
                values["hs_target_amount"] = String(target)
                values["hs_kpi_value"] = String(Int(progress))
                values["hs_kpi_progress_percent"] = String(percent)
                values["hs_status"] = progress >= Double(target) ? "achieved" : "in_progress"
                values["hs_assignee_user_id"] = owner.userId.map { String($0) }
                let created: Int64 = start - Int64(random.below(10)) * EpochTime.millisecondsPerDay
                planned.append(Planned(type: "goal_targets", created: created, values: values,
                    instants: ["hs_start_datetime": start, "hs_end_datetime": end], links: []))
            }
        }
        store(planned, type: "goal_targets")
    }
}
