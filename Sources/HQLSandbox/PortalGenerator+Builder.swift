import Foundation
import HubSpotAPI

extension PortalGenerator {
    /// Fills a portal with records; one pass per object type, in dependency order.
    struct Builder {
        var portal: Portal
        var random: SeededRandom
        var companyIDs: [Int64] = []
        var companyInfo: [(name: String, domain: String, country: Int)] = []
        var contactsByCompany: [Int64: [Int64]] = [:]
        var contactIDs: [Int64] = []
        var dealIDs: [Int64] = []
        private var productInfo: [(id: Int64, name: String, price: Double)] = []
        private var usedEmails: Set<String> = []
        private var emailCounters: [String: Int] = [:]

        init(portal: Portal, random: SeededRandom) {
            self.portal = portal
            self.random = random
        }

        mutating func run(_ options: Options) {
            makeCompanies(options.companies)
            makeContacts(max(options.contacts, options.burst), burst: options.burst)
            makeDeals(options.deals)
            makeTickets(options.tickets)
            makeProducts(options.products)
            makeLineItems(options.lineItems)
            makeQuotes(options.quotes)
            makeVehicles(options.customRecords)
            countAssociations()
            // What follows draws from its own stream, so the records above stay as they were
            // before activities and the longer property lists existed.
            random = SeededRandom(seed: options.seed ^ 0xAC71_5EED)
            makeActivities(options.activities)
            enrich()
            makeLists()
        }

        // MARK: - Times and ids

        /// Creation instants, sorted; `bursts` groups of records share one millisecond each.
        mutating func instants(_ count: Int, bursts: [Int]) -> [(created: Int64, id: Int64)] {
            let span = PortalGenerator.epochEnd - PortalGenerator.epochStart
            var result: [Int64] = []
            result.reserveCapacity(count)
            var remaining = count
            for size in bursts where size > 0 && remaining > 0 {
                let taken = min(size, remaining)
                let instant = PortalGenerator.epochStart + Int64(random.unit() * Double(span))
                result.append(contentsOf: repeatElement(instant, count: taken))
                remaining -= taken
            }
            for _ in 0..<remaining {
                // Growth over time: more records in recent years.
                let position = random.unit().squareRoot()
                result.append(PortalGenerator.epochStart + Int64(position * Double(span)))
            }
            // Ids are drawn here so records can be stored in (createdate, id) order without
            // inserting in the middle (bursts share one millisecond).
            return result.map { ($0, id(at: $0)) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        }

        /// An id whose number of digits grows with the creation time: 3 in 2019, 12 in 2026.
        mutating func id(at instant: Int64) -> Int64 {
            let fraction = Double(instant - PortalGenerator.epochStart)
                / Double(PortalGenerator.epochEnd - PortalGenerator.epochStart)
            var digits = 3 + min(9, max(0, Int(fraction * 10)))
            var attempts = 0
            while true {
                var low: Int64 = 1
                for _ in 1..<digits { low *= 10 }
                let candidate = low + Int64(random.next() % UInt64(low * 9))
                if portal.claim(candidate) { return candidate }
                attempts += 1
                if attempts > 16 {
                    digits = min(digits + 1, 13)
                    attempts = 0
                }
            }
        }

        mutating func modified(after created: Int64) -> Int64 {
            let room = max(PortalGenerator.epochEnd + 86_400_000 * 120 - created, 1)
            return created + Int64(random.unit() * random.unit() * Double(room))
        }

        /// Adds a record; `values` are wire strings, `instants` are epoch ms of date(time) properties.
        @discardableResult
        mutating func add(
            _ typeName: String, stamp: (created: Int64, id: Int64), values: [String: String],
            instants: [String: Int64] = [:]
        ) -> Int64 {
            let created = stamp.created
            guard let typeIndex = portal.typeIndex(named: typeName) else { return 0 }
            let type = portal.types[typeIndex]
            let index = portal.stores[typeIndex].propertyIndex
            let recordID = stamp.id
            let updated = modified(after: created)
            var record = RecordValues(count: type.properties.count)
            for (name, text) in values {
                if let position = index[name] { record.set(position, text, type: type.properties[position].type) }
            }
            for (name, ms) in instants {
                if let position = index[name] { record.set(position, instant: ms, type: type.properties[position].type) }
            }
            if let position = index["hs_object_id"] { record.set(position, String(recordID), type: .number) }
            if let position = index[type.createdProperty] { record.set(position, instant: created, type: .datetime) }
            if let position = index[type.modifiedProperty] { record.set(position, instant: updated, type: .datetime) }
            portal.stores[typeIndex].insert(
                StoredRecord(id: recordID, createdAt: created, updatedAt: updated, values: record))
            return recordID
        }

        mutating func associate(_ typeId: Int, _ fromID: Int64, _ toID: Int64) {
            guard let definition = portal.associations.definition(typeId: typeId) else { return }
            portal.associations.add(definition, fromId: fromID, toId: toID)
        }

        mutating func owner() -> String { random.pick(portal.owners).id }

        // MARK: - Object types

        private mutating func makeCompanies(_ count: Int) {
            var domains: Set<String> = []
            for stamp in instants(count, bursts: [count / 20]) {
                let stem = random.pick(PortalGenerator.companyStems)
                let suffix = random.pick(PortalGenerator.companySuffixes)
                let name = "\(stem) \(suffix)"
                var domain = "\(PortalGenerator.asciiSlug(stem))\(random.chance(0.5) ? "" : "-" + PortalGenerator.asciiSlug(suffix)).\(random.pick(PortalGenerator.tlds))"
                var counter = 2
                while domains.contains(domain) {
                    domain = "\(PortalGenerator.asciiSlug(stem))\(counter).\(random.pick(PortalGenerator.tlds))"
                    counter += 1
                }
                domains.insert(domain)
                let country = random.below(PortalGenerator.countries.count)
                let place = PortalGenerator.countries[country]
                let employees = [5, 12, 25, 60, 140, 350, 900, 2_500, 12_000][random.below(9)] + random.below(5)
                var values: [String: String] = [
                    "name": name, "domain": domain, "website": "https://www.\(domain)",
                    "phone": "+\(1 + random.below(60)) \(100 + random.below(900)) \(1_000_000 + random.below(8_999_999))",
                    "industry": random.pick(StandardSchema.industries), "numberofemployees": String(employees),
                    "annualrevenue": String(employees * (40_000 + random.below(160_000))),
                    "city": random.pick(place.cities), "country": place.country,
                    "type": random.pick(["PROSPECT", "PARTNER", "RESELLER", "VENDOR", "OTHER"]),
                    "lifecyclestage": random.pick(["lead", "opportunity", "customer", "customer", "other"]),
                    "hubspot_owner_id": owner(),
                    "description": "\(name) — \(random.pick(["B2B", "B2C", "public sector", "non-profit"])) account in \(place.country).",
                ]
                if random.chance(0.1) { values["phone"] = nil }
                var dated: [String: Int64] = [:]
                if random.chance(0.5) {
                    dated["renewal_date"] = (stamp.created / EpochTime.millisecondsPerDay + 365 + Int64(random.below(365)))
                        * EpochTime.millisecondsPerDay
                }
                let id = add("companies", stamp: stamp, values: values, instants: dated)
                companyIDs.append(id)
                companyInfo.append((name, domain, country))
            }
        }

        private mutating func makeContacts(_ count: Int, burst: Int) {
            let imports = [burst, count / 40, count / 50, count / 60]
            for stamp in instants(count, bursts: imports) {
                let first = random.pick(PortalGenerator.firstNames)
                let last = random.pick(PortalGenerator.lastNames)
                var company: Int? = companyIDs.isEmpty || random.chance(0.12) ? nil : random.below(companyIDs.count)
                var domain = random.pick(PortalGenerator.freeMailDomains)
                if let chosen = company { domain = companyInfo[chosen].domain }
                var local = "\(PortalGenerator.asciiSlug(first)).\(PortalGenerator.asciiSlug(last))"
                    .replacingOccurrences(of: "'", with: "")
                if random.chance(0.3) { local = "\(PortalGenerator.asciiSlug(first).prefix(1))\(PortalGenerator.asciiSlug(last))" }
                var email = "\(local)@\(domain)"
                if usedEmails.contains(email) {
                    // A counter per address keeps this linear however many namesakes there are.
                    var counter = emailCounters[email] ?? 2
                    let base = email
                    while usedEmails.contains(email) {
                        email = "\(local)\(counter)@\(domain)"
                        counter += 1
                    }
                    emailCounters[base] = counter
                }
                let place = PortalGenerator.countries[
                    company.map { companyInfo[$0].country } ?? random.below(PortalGenerator.countries.count)]
                let stage = random.pick(["subscriber", "lead", "lead", "lead", "marketingqualifiedlead",
                    "salesqualifiedlead", "opportunity", "customer", "customer", "evangelist", "other"])
                var values: [String: String] = [
                    "firstname": first, "lastname": last, "email": email,
                    "phone": "+\(1 + random.below(60)) \(100 + random.below(900)) \(100_000 + random.below(899_999))",
                    "jobtitle": random.pick(PortalGenerator.jobTitles), "lifecyclestage": stage,
                    "country": place.country, "city": random.pick(place.cities), "hubspot_owner_id": owner(),
                    "hs_analytics_source": random.pick(StandardSchema.sources),
                    "hs_email_optout": random.chance(0.08) ? "true" : "false",
                ]
                if stage == "lead" || stage == "subscriber" || stage == "marketingqualifiedlead" {
                    values["hs_lead_status"] = random.pick(StandardSchema.leadStatuses)
                }
                if let chosen = company {
                    values["company"] = companyInfo[chosen].name
                    values["website"] = "https://www.\(companyInfo[chosen].domain)"
                }
                if random.chance(0.3) {
                    let roles = StandardSchema.buyingRoles
                    let a = random.below(roles.count), b = random.below(roles.count)
                    values["hs_buying_role"] = a == b ? roles[a] : "\(roles[min(a, b)]);\(roles[max(a, b)])"
                }
                if random.chance(0.25) { values["mobilephone"] = "+\(1 + random.below(60)) 7\(10_000_000 + random.below(89_999_999))" }
                if random.chance(0.1) { values["jobtitle"] = nil }
                if random.chance(0.03) {
                    values["email"] = nil
                    company = company.flatMap { random.chance(0.5) ? $0 : nil }
                } else {
                    usedEmails.insert(email)
                }
                var dated: [String: Int64] = [:]
                if random.chance(0.6) { dated["notes_last_contacted"] = modified(after: stamp.created) }
                if stage == "customer" {
                    dated["onboarding_date"] = (stamp.created / EpochTime.millisecondsPerDay + Int64(random.below(60)))
                        * EpochTime.millisecondsPerDay
                }
                let id = add("contacts", stamp: stamp, values: values, instants: dated)
                contactIDs.append(id)
                if let chosen = company {
                    let companyID = companyIDs[chosen]
                    associate(1, id, companyID)  // primary (also adds the unlabeled 279)
                    if random.chance(0.1) { associate(101, id, companyID) }
                    contactsByCompany[companyID, default: []].append(id)
                }
            }
        }

        private mutating func makeDeals(_ count: Int) {
            let pipelines = portal.pipelines["deals"] ?? []
            guard !pipelines.isEmpty else { return }
            for stamp in instants(count, bursts: []) {
                let pipeline = random.chance(0.7) ? pipelines[0] : pipelines[pipelines.count - 1]
                let stage = random.pick(pipeline.stages)
                let company = companyIDs.isEmpty ? nil : random.pick(companyIDs)
                let companyName = company.flatMap { id in companyIDs.firstIndex(of: id).map { companyInfo[$0].name } }
                let cents = random.chance(0.3) ? ".\(10 + random.below(90))" : ""
                var values: [String: String] = [
                    "dealname": "\(companyName ?? random.pick(PortalGenerator.lastNames)) – \(random.pick(PortalGenerator.dealWords))",
                    "amount": "\(500 + random.below(250_000))\(cents)", "pipeline": pipeline.id, "dealstage": stage.id,
                    "dealtype": random.chance(0.6) ? "newbusiness" : "existingbusiness",
                    "hs_priority": random.pick(["low", "medium", "high"]), "hubspot_owner_id": owner(),
                ]
                if random.chance(0.4) { values["description"] = "Follow-up after \(random.pick(["demo", "trial", "call", "event"]))." }
                if random.chance(0.05) { values["amount"] = nil }
                let close = stamp.created + Int64(10 + random.below(120)) * EpochTime.millisecondsPerDay
                let id = add("deals", stamp: stamp, values: values, instants: ["closedate": close])
                dealIDs.append(id)
                if let company {
                    associate(5, id, company)
                    for contact in (contactsByCompany[company] ?? []).prefix(1 + random.below(3)) { associate(3, id, contact) }
                } else if !contactIDs.isEmpty {
                    associate(3, id, random.pick(contactIDs))
                }
            }
        }

        private mutating func makeTickets(_ count: Int) {
            let pipelines = portal.pipelines["tickets"] ?? []
            guard !pipelines.isEmpty else { return }
            for stamp in instants(count, bursts: []) {
                let pipeline = random.chance(0.8) ? pipelines[0] : pipelines[pipelines.count - 1]
                let values: [String: String] = [
                    "subject": random.pick(PortalGenerator.ticketSubjects), "content": random.pick(PortalGenerator.ticketBodies),
                    "hs_pipeline": pipeline.id, "hs_pipeline_stage": random.pick(pipeline.stages).id,
                    "hs_ticket_category": random.pick(StandardSchema.ticketCategories),
                    "hs_ticket_priority": random.pick(StandardSchema.ticketPriorities),
                    "source_type": random.pick(["EMAIL", "CHAT", "PHONE", "FORM"]), "hubspot_owner_id": owner(),
                ]
                let id = add("tickets", stamp: stamp, values: values)
                if let contact = contactIDs.isEmpty ? nil : random.pick(contactIDs) {
                    associate(16, id, contact)
                    let companies = portal.associations.targets(from: "0-1", id: contact, to: "0-2")
                    if let company = companies.keys.min() { associate(26, id, company) }
                }
                if !dealIDs.isEmpty && random.chance(0.2) { associate(28, id, random.pick(dealIDs)) }
            }
        }

        private mutating func makeProducts(_ count: Int) {
            for (index, stamp) in instants(count, bursts: []).enumerated() {
                let name = PortalGenerator.productNames[index % PortalGenerator.productNames.count]
                    + (index >= PortalGenerator.productNames.count ? " \(index / PortalGenerator.productNames.count + 1)" : "")
                let price = Double(20 + random.below(2_000))
                let id = add("products", stamp: stamp, values: [
                    "name": name, "description": "\(name) for one year.", "price": String(Int(price)),
                    "hs_sku": "SKU-\(1_000 + index)",
                ])
                productInfo.append((id, name, price))
            }
        }

        private mutating func makeLineItems(_ count: Int) {
            guard !productInfo.isEmpty, !dealIDs.isEmpty else { return }
            for stamp in instants(count, bursts: []) {
                let product = random.pick(productInfo)
                let quantity = 1 + random.below(20)
                let id = add("line_items", stamp: stamp, values: [
                    "name": product.name, "quantity": String(quantity), "price": String(Int(product.price)),
                    "amount": String(Int(product.price) * quantity), "hs_product_id": String(product.id),
                ])
                associate(20, id, random.pick(dealIDs))
            }
        }

        private mutating func makeQuotes(_ count: Int) {
            guard !dealIDs.isEmpty else { return }
            for stamp in instants(count, bursts: []) {
                let deal = random.pick(dealIDs)
                let id = add("quotes", stamp: stamp, values: [
                    "hs_title": "Quote \(random.below(90_000) + 10_000)", "hs_status": random.pick(StandardSchema.quoteStatuses),
                    "hs_public_url_key": String(random.next() % 1_000_000_000_000, radix: 16),
                ], instants: ["hs_expiration_date": stamp.created + 30 * EpochTime.millisecondsPerDay])
                associate(64, id, deal)
                if let contact = portal.associations.targets(from: "0-3", id: deal, to: "0-1").keys.min() {
                    associate(69, id, contact)
                }
            }
        }

        private mutating func makeVehicles(_ count: Int) {
            let alphabet = Array("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
            for stamp in instants(count, bursts: []) {
                let vin = String((0..<17).map { _ in random.pick(alphabet) })
                let id = add("vehicles", stamp: stamp, values: [
                    "vin": vin, "make": random.pick(StandardSchema.vehicleMakes), "model": random.pick(PortalGenerator.models),
                    "year": String(2008 + random.below(18)), "color": random.pick(PortalGenerator.colors),
                    "mileage": String(random.below(220_000)),
                ])
                if !contactIDs.isEmpty { associate(113, id, random.pick(contactIDs)) }
            }
        }

        /// The calculated counters (`num_associated_deals`, `num_associated_contacts`).
        private mutating func countAssociations() {
            fill(typeName: "contacts", property: "num_associated_deals", to: "0-3")
            fill(typeName: "companies", property: "num_associated_contacts", to: "0-1")
        }

        private mutating func fill(typeName: String, property: String, to: String) {
            guard let typeIndex = portal.typeIndex(named: typeName),
                let position = portal.stores[typeIndex].propertyIndex[property]
            else { return }
            let from = portal.types[typeIndex].objectTypeId
            for index in portal.stores[typeIndex].records.indices {
                let id = portal.stores[typeIndex].records[index].id
                let count = portal.associations.targets(from: from, id: id, to: to).count
                portal.stores[typeIndex].mutateValues(at: index) { $0.set(position, String(count), type: .number) }
            }
            portal.stores[typeIndex].invalidateIndexes()
        }
    }
}
