import HubSpotAPI

/// Builds a realistic, deterministic portal from a seed.
///
/// Records get `createdate`s spread from 2019 to mid-2026, with import bursts where many records
/// share one millisecond, and ids whose length grows with time (3 digits in 2019, 12 in 2026),
/// so text comparison of ids would go wrong exactly as it does on a real portal.
public struct PortalGenerator: Sendable {
    /// What to generate.
    public struct Options: Sendable, Hashable, Codable {
        /// The seed; the same seed and sizes always give the same portal.
        public var seed: UInt64
        /// Contacts (at least `burst`).
        public var contacts: Int
        /// Companies (their domains are the contacts' e-mail domains).
        public var companies: Int
        /// Deals, over two pipelines.
        public var deals: Int
        /// Tickets, over two pipelines.
        public var tickets: Int
        /// Products.
        public var products: Int
        /// Line items (attached to deals).
        public var lineItems: Int
        /// Quotes.
        public var quotes: Int
        /// Records of the custom object `vehicles` (`2-3508482`).
        public var customRecords: Int
        /// An extra import burst: this many contacts sharing one `createdate` millisecond (0: none).
        public var burst: Int
        /// Activities (calls, emails, meetings, notes, tasks, communications, postal mail) and
        /// leads, in all; with any, 2 goal targets an owner too. 0 (the default of a portal
        /// sized by hand) makes none.
        public var activities: Int = 0

        /// The demo portal: more than 10,000 contacts, so the search ceiling is reachable.
        public static let demo = Options(
            seed: 42, contacts: 12_000, companies: 400, deals: 2_500, tickets: 1_200, products: 12, lineItems: 3_000,
            quotes: 150, customRecords: 300, burst: 0, activities: 6_000)

        /// A small portal for fast tests.
        public static let small = Options(
            seed: 7, contacts: 300, companies: 40, deals: 80, tickets: 40, products: 6, lineItems: 60, quotes: 10,
            customRecords: 20, burst: 0, activities: 400)

        /// Creates options.
        public init(
            seed: UInt64, contacts: Int, companies: Int, deals: Int, tickets: Int, products: Int, lineItems: Int,
            quotes: Int, customRecords: Int, burst: Int, activities: Int = 0
        ) {
            self.seed = seed
            self.contacts = contacts
            self.companies = companies
            self.deals = deals
            self.tickets = tickets
            self.products = products
            self.lineItems = lineItems
            self.quotes = quotes
            self.customRecords = customRecords
            self.burst = burst
            self.activities = activities
        }
    }

    /// Where generated `createdate`s start and end.
    static let epochStart: Int64 = 1_546_300_800_000  // 2019-01-01T00:00:00Z
    static let epochEnd: Int64 = 1_782_777_600_000  // 2026-06-30T00:00:00Z

    let options: Options

    /// Creates a generator.
    public init(options: Options) { self.options = options }

    /// Generates the portal.
    public func generate() -> Portal {
        var random = SeededRandom(seed: options.seed)
        let owners = Self.makeOwners(&random)
        let pipelines = Self.makePipelines()
        var portal = Portal(
            types: StandardSchema.types(owners: owners, pipelines: pipelines),
            associations: StandardSchema.associations(), pipelines: pipelines, owners: owners, seed: options.seed)
        var builder = Builder(portal: portal, random: random)
        builder.run(options)
        portal = builder.portal
        return portal
    }

    private static func makeOwners(_ random: inout SeededRandom) -> [Owner] {
        (0..<24).map { index in
            let first = firstNames[(index * 7) % firstNames.count]
            let last = lastNames[(index * 11) % lastNames.count]
            let created = EpochTime.iso(epochStart - Int64(index) * 86_400_000)
            return Owner(
                id: String(40_000_000 + index * 1_373 + random.below(1_000)),
                email: "\(asciiSlug(first)).\(asciiSlug(last))@sandbox-portal.example",
                firstName: first, lastName: last, userId: Int64(7_000_000 + index * 31), createdAt: created,
                updatedAt: created)
        }
    }

    private static func makePipelines() -> [String: [Pipeline]] {
        let stamp = "2019-01-01T00:00:00.000Z"
        func stages(_ list: [(String, String, [String: String])]) -> [PipelineStage] {
            list.enumerated().map {
                PipelineStage(id: $1.0, label: $1.1, displayOrder: $0, metadata: $1.2, createdAt: stamp, updatedAt: stamp)
            }
        }
        func deal(_ probability: String, closed: Bool = false) -> [String: String] {
            ["probability": probability, "isClosed": closed ? "true" : "false"]
        }
        let sales = Pipeline(id: "default", label: "Sales Pipeline", displayOrder: 0, stages: stages([
            ("appointmentscheduled", "Appointment Scheduled", deal("0.2")),
            ("qualifiedtobuy", "Qualified To Buy", deal("0.4")),
            ("presentationscheduled", "Presentation Scheduled", deal("0.6")),
            ("decisionmakerboughtin", "Decision Maker Bought-In", deal("0.8")),
            ("contractsent", "Contract Sent", deal("0.9")),
            ("closedwon", "Closed Won", deal("1.0", closed: true)),
            ("closedlost", "Closed Lost", deal("0.0", closed: true)),
        ]), createdAt: stamp, updatedAt: stamp)
        let renewals = Pipeline(id: "31338947", label: "Renewals", displayOrder: 1, stages: stages([
            ("31338948", "Renewal Due", deal("0.5")),
            ("31338949", "In Negotiation", deal("0.7")),
            ("31338950", "Renewed", deal("1.0", closed: true)),
            ("31338951", "Churned", deal("0.0", closed: true)),
        ]), createdAt: stamp, updatedAt: stamp)
        func ticket(_ state: String) -> [String: String] { ["ticketState": state, "isClosed": state == "CLOSED" ? "true" : "false"] }
        let support = Pipeline(id: "0", label: "Support Pipeline", displayOrder: 0, stages: stages([
            ("1", "New", ticket("OPEN")), ("2", "Waiting on contact", ticket("OPEN")),
            ("3", "Waiting on us", ticket("OPEN")), ("4", "Closed", ticket("CLOSED")),
        ]), createdAt: stamp, updatedAt: stamp)
        let onboarding = Pipeline(id: "8453211", label: "Onboarding", displayOrder: 1, stages: stages([
            ("8453212", "Kick-off", ticket("OPEN")), ("8453213", "Configuration", ticket("OPEN")),
            ("8453214", "Live", ticket("CLOSED")),
        ]), createdAt: stamp, updatedAt: stamp)
        // HubSpot's default lead pipeline: fixed ids, the same in every portal.
        func lead(_ open: Bool) -> [String: String] { ["isClosed": open ? "false" : "true"] }
        let leads = Pipeline(id: "lead-pipeline-id", label: "Lead pipeline", displayOrder: 0, stages: stages([
            ("new-stage-id", "New", lead(true)), ("attempting-stage-id", "Attempting", lead(true)),
            ("connected-stage-id", "Connected", lead(true)), ("qualified-stage-id", "Qualified", lead(false)),
            ("unqualified-stage-id", "Disqualified", lead(false)),
        ]), createdAt: stamp, updatedAt: stamp)
        return ["deals": [sales, renewals], "tickets": [support, onboarding], "leads": [leads]]
    }

    /// Lower-case ASCII for e-mail local parts and domains (`Chloé` → `chloe`).
    static func asciiSlug(_ text: String) -> String {
        let map: [Character: String] = [
            "á": "a", "à": "a", "ã": "a", "â": "a", "ä": "a", "å": "a", "é": "e", "è": "e", "ê": "e", "ë": "e",
            "í": "i", "ï": "i", "ó": "o", "ö": "o", "ø": "o", "ô": "o", "ú": "u", "ü": "u", "ñ": "n", "ç": "c",
            "ß": "ss",
        ]
        var out = ""
        for character in text.lowercased() {
            if let replacement = map[character] {
                out += replacement
            } else if character.isASCII && (character.isLetter || character.isNumber) {
                out.append(character)
            } else if character == " " || character == "-" {
                out.append("-")
            }
        }
        return out
    }
}
