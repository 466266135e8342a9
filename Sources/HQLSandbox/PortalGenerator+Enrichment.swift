import HubSpotAPI

extension PortalGenerator.Builder {
    /// What activities say about a record: how many, the first and the last.
    private struct Activity {
        var count = 0
        var first = Int64.max
        var last = Int64.min
        var lastType = ""
    }

    /// Fills HubSpot's calculated and commonly set default properties of contacts, companies,
    /// deals and tickets from what the records already hold and from their activities (values
    /// the first pass did not set, so its records keep every value they had).
    mutating func enrich() {
        let activity = activitySummary()
        enrichContacts(activity["0-1"] ?? [:])
        enrichCompanies(activity["0-2"] ?? [:])
        enrichDeals(activity["0-3"] ?? [:])
        enrichTickets(activity["0-5"] ?? [:])
    }

    private func activitySummary() -> [String: [Int64: Activity]] {
        var result: [String: [Int64: Activity]] = [:]
        let kinds = [("calls", "CALL"), ("emails", "EMAIL"), ("meetings", "MEETING"), ("notes", "NOTE"), ("tasks", "TASK")]
        for (name, kind) in kinds {
            guard let typeIndex = portal.typeIndex(named: name),
                let stamp = portal.stores[typeIndex].propertyIndex["hs_timestamp"]
            else { continue }
            let from = portal.types[typeIndex].objectTypeId
            for record in portal.stores[typeIndex].records {
                let at = Int64(record.values.numbers[stamp])
                guard at <= Self.snapshotNoon else { continue }
                for target in ["0-1", "0-2", "0-3", "0-5"] {
                    for id in portal.associations.targets(from: from, id: record.id, to: target).keys {
                        var summary = result[target, default: [:]][id, default: Activity()]
                        summary.count += 1
                        summary.first = min(summary.first, at)
                        if at > summary.last {
                            summary.last = at
                            summary.lastType = kind
                        }
                        result[target, default: [:]][id] = summary
                    }
                }
            }
        }
        return result
    }

    /// Sets values on every record of a type; `body` gets a record and a setter.
    private mutating func update(
        _ typeName: String,
        _ body: (inout Self, StoredRecord, (String) -> String?, inout [String: String], inout [String: Int64]) -> Void
    ) {
        guard let typeIndex = portal.typeIndex(named: typeName) else { return }
        let index = portal.stores[typeIndex].propertyIndex
        let properties = portal.types[typeIndex].properties
        for position in portal.stores[typeIndex].records.indices {
            // Read in a scope of its own, so no copy of the record is alive when its values
            // change in place below (a live copy would make the change copy them all).
            let (values, instants) = { (builder: inout Self) -> ([String: String], [String: Int64]) in
                let record = builder.portal.stores[typeIndex].records[position]
                var values: [String: String] = [:]
                var instants: [String: Int64] = [:]
                body(&builder, record, { name in index[name].flatMap { record.values.raw[$0] } }, &values, &instants)
                return (values, instants)
            }(&self)
            portal.stores[typeIndex].mutateValues(at: position) { stored in
                for (name, text) in values {
                    if let slot = index[name], stored.raw[slot] == nil { stored.set(slot, text, type: properties[slot].type) }
                }
                for (name, ms) in instants {
                    if let slot = index[name], stored.raw[slot] == nil { stored.set(slot, instant: ms, type: properties[slot].type) }
                }
            }
        }
        portal.stores[typeIndex].invalidateIndexes()
    }

    private static func apply(_ summary: Activity?, _ values: inout [String: String], _ instants: inout [String: Int64]) {
        guard let summary, summary.count > 0 else { return }
        values["num_notes"] = String(summary.count)
        values["num_contacted_notes"] = String(summary.count)
        values["hs_last_sales_activity_type"] = summary.lastType
        instants["notes_last_updated"] = summary.last
        instants["hs_last_sales_activity_timestamp"] = summary.last
        instants["hs_last_sales_activity_date"] = summary.last
    }

    private mutating func enrichContacts(_ activity: [Int64: Activity]) {
        let languages = ["en", "en", "en", "fr", "de", "es", "nl", "pt-br", "ja"]
        update("contacts") { builder, record, value, values, instants in
            let created = record.createdAt
            values["hs_pipeline"] = "contacts-lifecycle-pipeline"
            values["hs_is_contact"] = "true"
            let source = builder.random.pick(["CRM_UI", "IMPORT", "FORM", "INTEGRATION", "API"])
            values["hs_object_source"] = source
            values["hs_object_source_label"] = source
            values["hs_was_imported"] = source == "IMPORT" ? "true" : "false"
            if let email = value("email"), let at = email.firstIndex(of: "@") {
                values["hs_email_domain"] = String(email[email.index(after: at)...])
            }
            if let phone = value("phone") {
                let digits = "+" + phone.filter(\.isNumber)
                values["hs_calculated_phone_number"] = digits
                values["hs_searchable_calculated_phone_number"] = String(digits.suffix(10))
            }
            values["hs_language"] = builder.random.pick(languages)
            values["hubspotscore"] = String(builder.random.below(100))
            values["hs_marketable_status"] = value("hs_email_optout") == "true" ? "false" : "true"
            values["address"] = "\(1 + builder.random.below(250)) \(builder.random.pick(PortalGenerator.streets))"
            values["zip"] = String(10_000 + builder.random.below(89_999))
            values["ip_country"] = value("country")
            values["ip_city"] = value("city")
            let visits = builder.random.below(40)
            if visits > 0 {
                let views = visits + builder.random.below(visits * 4)
                values["hs_analytics_num_visits"] = String(visits)
                values["hs_analytics_num_page_views"] = String(views)
                values["hs_analytics_average_page_views"] = String(views / visits)
                instants["hs_analytics_first_timestamp"] = created - Int64(builder.random.below(30)) * EpochTime.millisecondsPerDay
                instants["hs_analytics_last_timestamp"] = builder.modified(after: created)
                values["hs_analytics_first_url"] = "https://www.sandbox-portal.example/\(builder.random.pick(["pricing", "blog", "demo", "features", ""]))"
            }
            values["hs_latest_source"] = value("hs_analytics_source")
            let sends = builder.random.below(30)
            if sends > 0 {
                values["hs_email_delivered"] = String(sends)
                values["hs_email_open"] = String(builder.random.below(sends + 1))
                values["hs_email_click"] = String(builder.random.below(sends / 3 + 1))
                instants["hs_email_last_send_date"] = builder.modified(after: created)
            }
            instants["hubspot_owner_assigneddate"] = created
            // The lifecycle stages the contact went through, up to its current one.
            if let stage = value("lifecyclestage"), let reached = StandardSchema.lifecycleStages.firstIndex(of: stage) {
                let end = max(record.updatedAt, created + 1)
                var at = created
                for (position, name) in StandardSchema.lifecycleStages.enumerated() where position <= reached {
                    guard position == reached || position == 0 || builder.random.chance(0.6) else { continue }
                    instants["hs_lifecyclestage_\(name)_date"] = at
                    instants["hs_v2_date_entered_\(name)"] = at
                    at += Int64(builder.random.unit() * Double(end - at) * 0.5)
                    if position < reached { instants["hs_v2_date_exited_\(name)"] = at }
                }
            }
            Self.apply(activity[record.id], &values, &instants)
        }
    }

    private mutating func enrichCompanies(_ activity: [Int64: Activity]) {
        update("companies") { builder, record, value, values, instants in
            let source = builder.random.pick(["CRM_UI", "IMPORT", "INTEGRATION"])
            values["hs_object_source"] = source
            values["hs_object_source_label"] = source
            values["hs_pipeline"] = "companies-lifecycle-pipeline"
            values["address"] = "\(1 + builder.random.below(250)) \(builder.random.pick(PortalGenerator.streets))"
            values["zip"] = String(10_000 + builder.random.below(89_999))
            values["founded_year"] = String(1950 + builder.random.below(75))
            values["is_public"] = builder.random.chance(0.15) ? "true" : "false"
            values["hs_is_target_account"] = builder.random.chance(0.1) ? "true" : "false"
            if let domain = value("domain") { values["hs_logo_url"] = "https://logo.example/\(domain)" }
            let deals = builder.portal.associations.targets(from: "0-2", id: record.id, to: "0-3").count
            values["num_associated_deals"] = String(deals)
            if let stage = value("lifecyclestage") {
                instants["hs_lifecyclestage_\(stage)_date"] = record.createdAt
                instants["hs_v2_date_entered_\(stage)"] = record.createdAt
            }
            Self.apply(activity[record.id], &values, &instants)
        }
    }

    private mutating func enrichDeals(_ activity: [Int64: Activity]) {
        let pipelines = portal.pipelines["deals"] ?? []
        update("deals") { builder, record, value, values, instants in
            values["deal_currency_code"] = builder.random.chance(0.8) ? "USD" : "EUR"
            let source = builder.random.pick(["CRM_UI", "IMPORT", "INTEGRATION"])
            values["hs_object_source"] = source
            values["hs_object_source_label"] = source
            guard let pipeline = pipelines.first(where: { $0.id == value("pipeline") }),
                let stageIndex = pipeline.stages.firstIndex(where: { $0.id == value("dealstage") })
            else { return }
            let stage = pipeline.stages[stageIndex]
            let closed = stage.metadata["isClosed"] == "true"
            let won = closed && (stage.metadata["probability"] ?? "0") != "0.0"
            let probability = Double(stage.metadata["probability"] ?? "0") ?? 0
            values["hs_is_closed"] = closed ? "true" : "false"
            values["hs_is_closed_won"] = won ? "true" : "false"
            values["hs_is_closed_lost"] = closed && !won ? "true" : "false"
            values["hs_is_open_count"] = closed ? "0" : "1"
            values["hs_is_closed_count"] = closed ? "1" : "0"
            values["hs_deal_stage_probability"] = String(probability)
            if let amount = value("amount").flatMap(Double.init) {
                values["amount_in_home_currency"] = value("amount")
                values["hs_projected_amount"] = String(amount * probability)
                if won { values["hs_closed_amount"] = value("amount") }
            }
            values["hs_forecast_category"] = closed ? (won ? "CLOSED" : "OMIT") : (probability >= 0.8 ? "COMMIT" : "PIPELINE")
            values["num_associated_contacts"] = String(builder.portal.associations.targets(from: "0-3", id: record.id, to: "0-1").count)
            // The stages the deal went through: the open ones before its own, then its own.
            let close = value("closedate").flatMap(EpochTime.parse) ?? record.updatedAt
            let last = closed ? min(close, max(record.createdAt, close)) : record.updatedAt
            let path = pipeline.stages.prefix(stageIndex).filter { $0.metadata["isClosed"] != "true" } + [stage]
            var at = record.createdAt
            for (position, step) in path.enumerated() {
                instants["hs_date_entered_\(step.id)"] = at
                let next = position == path.count - 1 ? at
                    : at + Int64(builder.random.unit() * Double(max(last - at, 0)) / Double(path.count - position))
                if position < path.count - 1 {
                    instants["hs_date_exited_\(step.id)"] = next
                    values["hs_time_in_\(step.id)"] = String(next - at)
                }
                at = next
            }
            instants["hs_v2_date_entered_current_stage"] = at
            if won { instants["hs_closed_won_date"] = at }
            if closed { values["days_to_close"] = String(max(0, (close - record.createdAt) / EpochTime.millisecondsPerDay)) }
            Self.apply(activity[record.id], &values, &instants)
        }
    }

    private mutating func enrichTickets(_ activity: [Int64: Activity]) {
        let pipelines = portal.pipelines["tickets"] ?? []
        update("tickets") { builder, record, value, values, instants in
            values["hs_ticket_id"] = String(record.id)
            values["hs_object_source"] = "CRM_UI"
            values["hs_object_source_label"] = "CRM_UI"
            guard let pipeline = pipelines.first(where: { $0.id == value("hs_pipeline") }),
                let stageIndex = pipeline.stages.firstIndex(where: { $0.id == value("hs_pipeline_stage") })
            else { return }
            let closed = pipeline.stages[stageIndex].metadata["isClosed"] == "true"
            values["hs_is_closed"] = closed ? "true" : "false"
            var at = record.createdAt
            for step in pipeline.stages.prefix(stageIndex + 1) {
                instants["hs_date_entered_\(step.id)"] = at
                if step.id == pipeline.stages[stageIndex].id { break }
                let next = at + Int64(builder.random.unit() * Double(max(record.updatedAt - at, 0)) / 3)
                instants["hs_date_exited_\(step.id)"] = next
                values["hs_time_in_\(step.id)"] = String(next - at)
                at = next
            }
            if closed {
                instants["closed_date"] = at
                values["time_to_close"] = String(at - record.createdAt)
                values["hs_resolution"] = builder.random.pick(["ISSUE_FIXED", "KNOWLEDGE_BASE_ARTICLE", "WORKAROUND", "DUPLICATE"])
            }
            if let company = builder.portal.associations.targets(from: "0-5", id: record.id, to: "0-2").keys.min() {
                values["hs_primary_company_id"] = String(company)
            }
            Self.apply(activity[record.id], &values, &instants)
        }
    }
}
