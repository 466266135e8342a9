import Foundation
import HubSpotAPI

/// HubSpot's default properties of the standard objects, as text tables (``PropertyTable``),
/// with the named option lists they refer to and the families HubSpot generates per lifecycle
/// or pipeline stage (`hs_lifecyclestage_lead_date`, `hs_date_entered_closedwon`, …).
enum StandardProperties {
    /// Option lists shared by every object (`@name` in the tables).
    static func sharedOptions(owners: [Owner]) -> [String: [PropertyOption]] {
        [
            "owners": owners.enumerated().map {
                PropertyOption(label: "\($1.firstName) \($1.lastName)", value: $1.id, displayOrder: $0)
            },
            "lifecycle": StandardSchema.options(StandardSchema.lifecycleStages.map { ($0, lifecycleLabel($0)) }),
            "leadStatus": StandardSchema.options(zip(StandardSchema.leadStatuses, [
                "New", "Open", "In Progress", "Open Deal", "Unqualified", "Attempted to Contact", "Connected", "Bad Timing",
            ]).map { ($0, $1) }),
            "sources": StandardSchema.options(zip(StandardSchema.sources, [
                "Organic Search", "Paid Search", "Email Marketing", "Organic Social", "Referrals", "Other Campaigns",
                "Direct Traffic", "Offline Sources",
            ]).map { ($0, $1) }),
            "buyingRoles": StandardSchema.options(zip(StandardSchema.buyingRoles, [
                "Decision maker", "Budget holder", "Champion", "Influencer", "End user",
            ]).map { ($0, $1) }),
            "industries": StandardSchema.options(StandardSchema.industries.map { ($0, words($0)) }),
            "companyTypes": StandardSchema.options([("PROSPECT", "Prospect"), ("PARTNER", "Partner"),
                ("RESELLER", "Reseller"), ("VENDOR", "Vendor"), ("OTHER", "Other")]),
            "ticketCategories": StandardSchema.options([("PRODUCT_ISSUE", "Product issue"),
                ("BILLING_ISSUE", "Billing issue"), ("FEATURE_REQUEST", "Feature request"),
                ("GENERAL_INQUIRY", "General inquiry")]),
            "ticketPriorities": StandardSchema.options([("LOW", "Low"), ("MEDIUM", "Medium"), ("HIGH", "High"),
                ("URGENT", "Urgent")]),
            "ticketSources": StandardSchema.options([("EMAIL", "Email"), ("CHAT", "Chat"), ("PHONE", "Phone"),
                ("FORM", "Form")]),
            "quoteStatuses": StandardSchema.options([("DRAFT", "Draft"), ("APPROVAL_NOT_NEEDED", "Approval not needed"),
                ("PENDING_APPROVAL", "Pending approval"), ("APPROVED", "Approved"), ("REJECTED", "Rejected")]),
            "objectSources": StandardSchema.options([("CRM_UI", "CRM UI"), ("IMPORT", "Import"), ("FORM", "Form"),
                ("INTEGRATION", "Integration"), ("API", "API"), ("WORKFLOWS", "Workflows"), ("SALES", "Sales"),
                ("MOBILE_IOS", "Mobile iOS"), ("MOBILE_ANDROID", "Mobile Android")]),
            "industryGroups": StandardSchema.options(["TECHNOLOGY", "FINANCE", "HEALTHCARE", "RETAIL", "EDUCATION",
                "MANUFACTURING", "SERVICES", "PUBLIC_SECTOR", "MEDIA", "TRANSPORTATION"]),
            "webTechnologies": StandardSchema.options(["hubspot", "google_analytics", "wordpress", "shopify",
                "salesforce", "stripe", "intercom", "zendesk", "segment", "hotjar", "cloudflare", "react"].map { ($0, $0) }),
            "slaStatus": StandardSchema.options([("SLA_OK", "Due"), ("SLA_WARNING", "Due soon"),
                ("SLA_BREACHED", "Overdue"), ("SLA_MET", "Completed on time"), ("SLA_MISSED", "Completed late")]),
            "callOutcomes": StandardSchema.options(callOutcomes.map { ($0.id, $0.label) }),
            "currencies": StandardSchema.options(currencyCodes.split(separator: " ").map { (String($0), String($0)) }),
            "languages": StandardSchema.options(languageCodes.split(separator: " ").map { (String($0), String($0)) }),
            "timezones": StandardSchema.options(timeZones.split(separator: " ").map {
                (String($0).lowercased().replacingOccurrences(of: "/", with: "_slash_"), String($0))
            }),
        ]
    }

    /// HubSpot's call outcomes: fixed ids, the same in every portal.
    static let callOutcomes: [(id: String, label: String)] = [
        ("9d9162e7-6cf3-4944-bf63-4dff82258764", "Busy"), ("f240bbac-87c9-4f6e-bf70-924b57d47db7", "Connected"),
        ("a4c4c377-d246-4b32-a13b-75a56a4cd0ff", "Left live message"),
        ("b2cf5968-551e-4856-9783-52b3da59a7d0", "Left voicemail"),
        ("73a0d17f-1163-4015-bdd5-ec830791da20", "No answer"), ("17b47fee-58de-441e-a44c-c6300d46f273", "Wrong number"),
    ]

    /// "Sales Qualified Lead", as HubSpot labels `salesqualifiedlead`.
    static func lifecycleLabel(_ stage: String) -> String {
        [
            "subscriber": "Subscriber", "lead": "Lead", "marketingqualifiedlead": "Marketing Qualified Lead",
            "salesqualifiedlead": "Sales Qualified Lead", "opportunity": "Opportunity", "customer": "Customer",
            "evangelist": "Evangelist", "other": "Other",
        ][stage] ?? words(stage)
    }

    /// `COMPUTER_SOFTWARE` → "Computer Software".
    static func words(_ value: String) -> String {
        value.split(whereSeparator: { $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }
            .joined(separator: " ")
    }

    /// The dates and durations HubSpot keeps per lifecycle stage (contacts: all five kinds;
    /// companies: the first three).
    static func lifecycleFamily(contacts: Bool, group: String) -> [PropertySpec] {
        StandardSchema.lifecycleStages.flatMap { stage -> [PropertySpec] in
            let label = lifecycleLabel(stage)
            var family = [
                calculated("hs_lifecyclestage_\(stage)_date", "Became a \(label) Date", .datetime, group),
                calculated("hs_v2_date_entered_\(stage)", "Date entered \"\(label) (Lifecycle Stage Pipeline)\"", .datetime, group),
                calculated("hs_v2_date_exited_\(stage)", "Date exited \"\(label) (Lifecycle Stage Pipeline)\"", .datetime, group),
            ]
            if contacts {
                family.append(calculated("hs_v2_latest_time_in_\(stage)", "Latest time in \"\(label) (Lifecycle Stage Pipeline)\"", .number, group))
                family.append(calculated("hs_v2_cumulative_time_in_\(stage)", "Cumulative time in \"\(label) (Lifecycle Stage Pipeline)\"", .number, group))
            }
            return family
        }
    }

    /// `hs_date_entered_{stage}`, `hs_date_exited_{stage}`, `hs_time_in_{stage}` for every stage
    /// of every pipeline of deals or tickets.
    static func stageFamily(_ pipelines: [Pipeline], group: String) -> [PropertySpec] {
        pipelines.flatMap { pipeline in
            pipeline.stages.flatMap { stage -> [PropertySpec] in
                let name = "\"\(stage.label) (\(pipeline.label))\""
                return [
                    calculated("hs_date_entered_\(stage.id)", "Date entered \(name)", .datetime, group),
                    calculated("hs_date_exited_\(stage.id)", "Date exited \(name)", .datetime, group),
                    calculated("hs_time_in_\(stage.id)", "Time in \(name)", .number, group),
                ]
            }
        }
    }

    private static func calculated(_ name: String, _ label: String, _ type: PropertyType, _ group: String) -> PropertySpec {
        PropertySpec(name: name, label: label, type: type, fieldType: PropertyTable.defaultFieldType(type), groupName: group,
            readOnly: true, calculated: true)
    }

    static let currencyCodes = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF \
    CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG \
    HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA \
    MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD \
    RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD \
    UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
    """

    static let languageCodes = """
    af ar bg bn ca cs da de el en en-gb en-au es es-mx et fa fi fil fr fr-ca he hi hr hu id is it ja ko lt lv ms \
    nl no pl pt pt-br ro ru sk sl sr sv sw th tr uk ur vi zh-cn zh-hk zh-tw
    """

    static let timeZones = """
    Africa/Abidjan Africa/Accra Africa/Addis_Ababa Africa/Algiers Africa/Cairo Africa/Casablanca Africa/Johannesburg \
    Africa/Khartoum Africa/Kinshasa Africa/Lagos Africa/Luanda Africa/Maputo Africa/Nairobi Africa/Tripoli Africa/Tunis \
    America/Anchorage America/Argentina/Buenos_Aires America/Asuncion America/Bogota America/Caracas America/Chicago \
    America/Costa_Rica America/Denver America/Edmonton America/El_Salvador America/Guatemala America/Halifax \
    America/Havana America/Lima America/Los_Angeles America/Managua America/Manaus America/Mexico_City \
    America/Montevideo America/New_York America/Panama America/Phoenix America/Puerto_Rico America/Regina \
    America/Santiago America/Santo_Domingo America/Sao_Paulo America/St_Johns America/Tegucigalpa America/Tijuana \
    America/Toronto America/Vancouver America/Winnipeg Asia/Almaty Asia/Amman Asia/Baghdad Asia/Baku Asia/Bangkok \
    Asia/Beirut Asia/Colombo Asia/Damascus Asia/Dhaka Asia/Dubai Asia/Ho_Chi_Minh Asia/Hong_Kong Asia/Jakarta \
    Asia/Jerusalem Asia/Kabul Asia/Karachi Asia/Kathmandu Asia/Kolkata Asia/Kuala_Lumpur Asia/Kuwait Asia/Manila \
    Asia/Muscat Asia/Qatar Asia/Riyadh Asia/Seoul Asia/Shanghai Asia/Singapore Asia/Taipei Asia/Tashkent \
    Asia/Tbilisi Asia/Tehran Asia/Tokyo Asia/Ulaanbaatar Asia/Vladivostok Asia/Yangon Asia/Yekaterinburg \
    Asia/Yerevan Atlantic/Azores Atlantic/Canary Atlantic/Cape_Verde Atlantic/Reykjavik Australia/Adelaide \
    Australia/Brisbane Australia/Darwin Australia/Hobart Australia/Melbourne Australia/Perth Australia/Sydney \
    Europe/Amsterdam Europe/Athens Europe/Belgrade Europe/Berlin Europe/Brussels Europe/Bucharest Europe/Budapest \
    Europe/Copenhagen Europe/Dublin Europe/Helsinki Europe/Istanbul Europe/Kyiv Europe/Lisbon Europe/London \
    Europe/Luxembourg Europe/Madrid Europe/Malta Europe/Minsk Europe/Monaco Europe/Moscow Europe/Oslo Europe/Paris \
    Europe/Prague Europe/Riga Europe/Rome Europe/Sofia Europe/Stockholm Europe/Tallinn Europe/Vienna \
    Europe/Vilnius Europe/Warsaw Europe/Zagreb Europe/Zurich Indian/Maldives Indian/Mauritius Pacific/Auckland \
    Pacific/Fiji Pacific/Guam Pacific/Honolulu Pacific/Port_Moresby Pacific/Tongatapu UTC
    """
}
