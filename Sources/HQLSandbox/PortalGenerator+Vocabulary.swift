/// Word lists for generated records.
extension PortalGenerator {
    static let firstNames = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Ethan", "Sofia", "Mateo",
        "Amelia", "Leo", "Chloé", "Hugo", "Zoé", "Jonas", "Lena", "Finn", "Ines", "Omar", "Yuki", "Hiroshi", "Priya",
        "Arjun", "Aisha", "Kwame", "Fatima", "Diego", "Camila", "Sven", "Freya", "Mateus", "Ana", "Wei", "Mei",
        "Jean-Luc", "Anne-Marie", "Björn", "Søren", "Zoë", "Ryan", "Grace", "Daniel", "Isabella", "Samuel", "Nora",
        "Elias", "Maya", "Oscar", "Ella", "Theo", "Alice", "Max", "Julia", "Adam", "Sara", "Ali", "Layla", "Jack",
        "Ivy"]
    static let lastNames = ["Smith", "Johnson", "Williams", "Brown", "Garcia", "Martin", "Bernard", "Dubois",
        "Müller", "Schmidt", "Rossi", "Russo", "Silva", "Santos", "Kowalski", "Nowak", "Tanaka", "Suzuki", "Patel",
        "Sharma", "Kim", "Lee", "Nguyen", "Chen", "Wang", "O'Brien", "MacDonald", "Van der Berg", "De Jong",
        "Andersson", "Johansson", "Hansen", "Larsen", "Novak", "Horvat", "Popescu", "Ivanova", "Okafor", "Mensah",
        "Haddad", "Cohen", "Levi", "Fernández", "López", "Martínez", "González", "Pérez", "Taylor", "Thomas",
        "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright"]
    static let jobTitles = ["CEO", "CTO", "CFO", "COO", "VP of Sales", "VP Marketing", "Head of Operations",
        "Sales Manager", "Account Executive", "Marketing Manager", "Software Engineer", "Senior Software Engineer",
        "Product Manager", "Data Analyst", "Customer Success Manager", "Office Manager", "Procurement Lead",
        "IT Director", "HR Business Partner", "Founder", "Co-Founder & CEO", "Head of Growth", "Designer",
        "Operations Analyst", "Finance Director"]
    static let countries: [(country: String, cities: [String])] = [
        ("United States", ["New York", "San Francisco", "Austin", "Chicago", "Boston", "Seattle"]),
        ("United Kingdom", ["London", "Manchester", "Edinburgh", "Bristol"]),
        ("Germany", ["Berlin", "München", "Hamburg", "Köln"]),
        ("France", ["Paris", "Lyon", "Marseille", "Toulouse"]),
        ("Canada", ["Toronto", "Montréal", "Vancouver"]),
        ("Australia", ["Sydney", "Melbourne", "Brisbane"]),
        ("Netherlands", ["Amsterdam", "Rotterdam", "Utrecht"]),
        ("Spain", ["Madrid", "Barcelona", "Valencia"]),
        ("Brazil", ["São Paulo", "Rio de Janeiro"]),
        ("India", ["Bengaluru", "Mumbai", "Pune"]),
        ("Japan", ["Tokyo", "Osaka"]),
        ("Sweden", ["Stockholm", "Göteborg"]),
        ("Ireland", ["Dublin", "Cork"]),
        ("Nigeria", ["Lagos", "Abuja"]),
        ("Mexico", ["Ciudad de México", "Guadalajara"]),
    ]
    static let companyStems = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vehement",
        "Massive", "Soylent", "Cyberdyne", "Tyrell", "Aperture", "Black Mesa", "Monarch", "Nakatomi", "Oscorp",
        "Pied Piper", "Prestige", "Sterling", "Blue Sun", "Gringotts", "Wonka", "Duff", "Vandelay", "Kramerica",
        "Dunder", "Bluth", "Los Pollos", "Oceanic", "Virtucon", "Zorg", "Abstergo", "Octan", "Rekall", "Weyland",
        "Nordic", "Alpine", "Coastal", "Summit", "Harbor", "Evergreen", "Redwood", "Silverline", "Brightpath",
        "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware"]
    static let companySuffixes = ["Inc", "LLC", "GmbH", "SAS", "Ltd", "Labs", "Group", "Systems", "Partners",
        "Technologies", "Holdings", "Co"]
    static let tlds = ["com", "io", "co", "de", "fr", "co.uk", "net", "ai", "nl", "es"]
    static let freeMailDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "proton.me"]
    static let dealWords = ["Annual subscription", "Expansion", "Pilot", "Enterprise plan", "Renewal",
        "Professional services", "Onboarding package", "Upsell", "Multi-year agreement", "Starter plan"]
    static let ticketSubjects = ["Cannot log in", "Invoice shows wrong amount", "Export to CSV fails",
        "Feature request: dark mode", "API rate limit questions", "Password reset email not received",
        "Sync with calendar broken", "Refund request", "How do I add a user?", "Dashboard loads slowly",
        "SSO configuration", "Data import stuck at 99%"]
    static let ticketBodies = ["Customer reports the issue since the last update.",
        "Happens on Chrome and Firefox; screenshots attached.", "Urgent: blocks month-end closing.",
        "Asked twice already, please escalate.", "Works for admins but not for regular users.",
        "Reproducible with the sample file from the help centre."]
    static let productNames = ["Starter seat", "Professional seat", "Enterprise seat", "Onboarding", "Training day",
        "Premium support", "API add-on", "Data migration", "Custom integration", "Analytics module",
        "Storage 1 TB", "SSO add-on"]
    static let colors = ["Black", "White", "Silver", "Blue", "Red", "Grey", "Green"]
    static let models = ["Corolla", "Focus", "Golf", "Model 3", "Clio", "Tucson", "X3", "XC40", "Yaris", "Kuga"]
}

/// Word lists for generated activities.
extension PortalGenerator {
    static let callNotes = ["Walked through pricing; they want a proposal by Friday.",
        "Left a voicemail about the renewal.", "Discussed the integration with their CRM.",
        "Budget confirmed for next quarter.", "They are comparing us with two competitors.",
        "Asked for a security questionnaire.", "Champion is moving to another team; find a new sponsor.",
        "Demo went well; next step is a trial.", "Needs sign-off from finance.", "Requested references from customers."]
    static let emailSubjects = ["Following up on our call", "Your proposal", "Pricing for the annual plan",
        "Next steps", "Meeting recap", "Quick question", "Contract for signature", "Welcome aboard",
        "Trial extension", "Invoice attached"]
}

extension PortalGenerator {
    static let streets = ["Main Street", "High Street", "Market Street", "Rue de la Paix", "Hauptstraße", "Calle Mayor",
        "King Street", "Queen Street", "Station Road", "Church Lane", "Harbour Road", "Park Avenue"]
}
