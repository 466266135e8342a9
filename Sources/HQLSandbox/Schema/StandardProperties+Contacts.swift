/// HubSpot's default contact properties (knowledge base "HubSpot's default contact properties",
/// and `GET /crm/v3/properties/contacts` of a fresh portal as its developer docs show it), plus
/// the demo portal's own custom property `onboarding_date`. Sources: docs/sandbox.md.
extension StandardProperties {
    static let contacts = """
    firstname | First Name | string | contactinformation
    lastname | Last Name | string | contactinformation
    email | Email | string | contactinformation | u
    phone | Phone Number | phone_number | contactinformation
    mobilephone | Mobile Phone Number | phone_number | contactinformation
    company | Company Name | string | contactinformation
    website | Website URL | string | contactinformation
    jobtitle | Job Title | string | contactinformation
    lifecyclestage | Lifecycle Stage | enumeration:radio | contactinformation | | @lifecycle
    hs_lead_status | Lead Status | enumeration:radio | sales_properties | | @leadStatus
    country | Country/Region | string | contactinformation
    city | City | string | contactinformation
    hubspot_owner_id | Contact owner | enumeration | sales_properties | e | @owners
    hs_analytics_source | Original Traffic Source | enumeration | analyticsinformation | | @sources
    hs_buying_role | Buying Role | enumeration:checkbox | sales_properties | | @buyingRoles
    hs_email_optout | Unsubscribed from all email | bool | emailinformation
    notes_last_contacted | Last Contacted | datetime | contact_activity
    num_associated_deals | Number of Associated Deals | number | deal_information | rc
    onboarding_date | Onboarding Date | date | contactinformation | x
    salutation | Salutation | string | contactinformation
    address | Street Address | string | contactinformation
    state | State/Region | string | contactinformation
    zip | Postal Code | string | contactinformation
    fax | Fax Number | string | contactinformation
    message | Message | string:textarea | contactinformation
    annualrevenue | Annual Revenue | string | contactinformation
    numemployees | Number of Employees | enumeration | contactinformation | | 1-5=1-5;5-25=5-25;25-50=25-50;50-100=50-100;100-500=100-500;500-1000=500-1000;1000+=1000+
    industry | Industry | string | contactinformation
    date_of_birth | Date of birth | string | contactinformation
    degree | Degree | string | contactinformation
    field_of_study | Field of study | string | contactinformation
    gender | Gender | string | contactinformation
    graduation_date | Graduation date | string | contactinformation
    job_function | Job function | string | contactinformation
    marital_status | Marital Status | string | contactinformation
    military_status | Military status | string | contactinformation
    relationship_status | Relationship Status | string | contactinformation
    school | School | string | contactinformation
    seniority | Seniority | string | contactinformation
    start_date | Start date | string | contactinformation
    work_email | Work email | string | contactinformation
    twitterhandle | Twitter Username | string | socialmediainformation
    hs_linkedin_url | LinkedIn URL | string | socialmediainformation
    hs_whatsapp_phone_number | WhatsApp Phone Number | phone_number | contactinformation
    hs_language | Preferred language | enumeration | contactinformation | | @languages
    hs_timezone | Time Zone | enumeration | contactinformation | | @timezones
    hs_state_code | State/Region Code | string | contactinformation | rc
    hs_country_region_code | Country/Region Code | string | contactinformation | rc
    hs_calculated_phone_number | Calculated Phone Number | string | contactinformation | rc
    hs_calculated_mobile_number | Calculated Mobile Number with country code | string | contactinformation | rc
    hs_calculated_phone_number_country_code | Calculated Phone Number Country Code | string | contactinformation | rc
    hs_calculated_phone_number_area_code | Calculated Phone Number Area Code | string | contactinformation | rc
    hs_searchable_calculated_phone_number | Phone Number (Searchable) | string | contactinformation | rc
    hs_searchable_calculated_mobile_number | Mobile Phone Number (Searchable) | string | contactinformation | rc
    hs_additional_emails | Additional email addresses | enumeration:checkbox | contactinformation | r
    hs_all_contact_vids | All vids for a contact | enumeration:checkbox | contactinformation | rc
    hs_persona | Persona | enumeration:radio | contactinformation | | persona_1=Persona 1;persona_2=Persona 2;persona_3=Persona 3
    hs_content_membership_status | Status | enumeration | contactinformation | | active=Active;inactive=Inactive
    hs_legal_basis | Legal basis for processing contact's data | enumeration:checkbox | contactinformation | | Legitimate interest – prospect/lead=Legitimate interest – prospect/lead;Legitimate interest - existing customer=Legitimate interest - existing customer;Performance of a contract=Performance of a contract;Freely given consent from contact=Freely given consent from contact
    hs_avatar_filemanager_key | Avatar FileManager key | string | contactinformation | r
    hs_is_contact | Is a contact | bool | contactinformation | rc
    hs_is_unworked | Contact unworked | bool | sales_properties | rc
    hs_was_imported | Performed in an import | bool | contactinformation | rc
    hs_object_source | Record source | string | contactinformation | rc
    hs_object_source_id | Record source ID | string | contactinformation | rc
    hs_object_source_label | Record source | enumeration | contactinformation | rc | @objectSources
    hs_object_source_detail_1 | Record source detail 1 | string | contactinformation | rc
    hs_object_source_detail_2 | Record source detail 2 | string | contactinformation | rc
    hs_object_source_detail_3 | Record source detail 3 | string | contactinformation | rc
    hs_created_by_user_id | Created by user ID | number | contactinformation | rc
    hs_updated_by_user_id | Updated by user ID | number | contactinformation | rc
    hs_merged_object_ids | Merged Contact IDs | enumeration:checkbox | contactinformation | rc
    hs_predictivescoringtier | Likelihood to close tier | enumeration | contactinformation | rc | tier_1=Very High;tier_2=High;tier_3=Medium;tier_4=Low;closed_won=Closed won
    hs_predictivecontactscore_v2 | Likelihood to close | number | contactinformation | rc
    hubspotscore | HubSpot Score | number | contactinformation | rc
    hs_time_to_first_engagement | Time to first engagement | number | contact_activity | rc
    hs_time_between_contact_creation_and_deal_creation | Time between contact creation and deal creation | number | deal_information | rc
    hs_time_between_contact_creation_and_deal_close | Time between contact creation and deal close | number | deal_information | rc
    notes_last_updated | Last Activity Date | datetime | contact_activity | rc
    notes_next_activity_date | Next Activity Date | datetime | contact_activity | rc
    num_contacted_notes | Number of times contacted | number | contact_activity | rc
    num_notes | Number of Sales Activities | number | contact_activity | rc
    num_conversion_events | Number of Form Submissions | number | conversioninformation | rc
    num_unique_conversion_events | Number of Unique Forms Submitted | number | conversioninformation | rc
    first_conversion_event_name | First Conversion | string | conversioninformation | rc
    first_conversion_date | First Conversion Date | datetime | conversioninformation | rc
    recent_conversion_event_name | Recent Conversion | string | conversioninformation | rc
    recent_conversion_date | Recent Conversion Date | datetime | conversioninformation | rc
    first_deal_created_date | First Deal Created Date | datetime | deal_information | rc
    recent_deal_amount | Recent Deal Amount | number | deal_information | rc
    recent_deal_close_date | Recent Deal Close Date | datetime | deal_information | rc
    total_revenue | Total Revenue | number | deal_information | rc
    days_to_close | Days To Close | number | deal_information | rc
    hubspot_owner_assigneddate | Owner Assigned Date | datetime | sales_properties | rc
    hubspot_team_id | HubSpot Team | enumeration | sales_properties | e
    hs_all_owner_ids | All owner IDs | enumeration:checkbox | sales_properties | rc
    hs_all_team_ids | All team IDs | enumeration:checkbox | sales_properties | rc
    hs_all_accessible_team_ids | All teams | enumeration:checkbox | sales_properties | rc
    owneremail | HubSpot Owner Email (legacy) | string | sales_properties | r
    ownername | HubSpot Owner Name (legacy) | string | sales_properties | r
    hs_sa_first_engagement_date | Date of first engagement | datetime | sales_properties | rc
    hs_sa_first_engagement_descr | Description of first engagement | enumeration | sales_properties | rc | MEETING=Meeting;CALL=Call;EMAIL=Email;NOTE=Note
    hs_sa_first_engagement_object_type | Type of first engagement | enumeration | sales_properties | rc | MEETING=Meeting;CALL=Call;EMAIL=Email;NOTE=Note
    hs_first_engagement_object_id | ID of first engagement | number | sales_properties | rc
    hs_last_sales_activity_timestamp | Last Engagement Date | datetime | sales_properties | rc
    hs_last_sales_activity_date | Last engagement date | datetime | sales_properties | rc
    hs_last_sales_activity_type | Last Engagement Type | enumeration | sales_properties | rc | MEETING=Meeting;CALL=Call;EMAIL=Email;NOTE=Note;TASK=Task
    hs_latest_meeting_activity | Latest meeting activity | datetime | sales_properties | rc
    engagements_last_meeting_booked | Date of last meeting booked in meetings tool | datetime | sales_properties | rc
    engagements_last_meeting_booked_campaign | Campaign of last booking in meetings tool | string | sales_properties | rc
    engagements_last_meeting_booked_medium | Medium of last booking in meetings tool | string | sales_properties | rc
    engagements_last_meeting_booked_source | Source of last booking in meetings tool | string | sales_properties | rc
    hs_sales_email_last_clicked | Recent Sales Email Clicked Date | datetime | sales_properties | rc
    hs_sales_email_last_opened | Recent Sales Email Opened Date | datetime | sales_properties | rc
    hs_sales_email_last_replied | Recent Sales Email Replied Date | datetime | sales_properties | rc
    hs_sequences_actively_enrolled_count | Number of sequences actively enrolled | number | sales_properties | rc
    hs_sequences_enrolled_count | Number of sequences enrolled | number | sales_properties | rc
    hs_sequences_is_enrolled | Currently in Sequence | bool | sales_properties | rc
    hs_latest_sequence_enrolled | Last sequence enrolled | number | sales_properties | rc
    hs_latest_sequence_enrolled_date | Last sequence enrolled date | datetime | sales_properties | rc
    hs_latest_sequence_finished_date | Last sequence ended date | datetime | sales_properties | rc
    hs_latest_sequence_unenrolled_date | Last sequence unenrolled date | datetime | sales_properties | rc
    associatedcompanyid | Primary Associated Company ID | number | contactinformation | r
    associatedcompanylastupdated | Associated Company Last Updated | number | contactinformation | rc
    hs_associated_target_accounts | Associated Target Accounts | number | contactinformation | rc
    hs_analytics_average_page_views | Average Pageviews | number | analyticsinformation | rc
    hs_analytics_first_referrer | First Referring Site | string | analyticsinformation | rc
    hs_analytics_first_timestamp | Time First Seen | datetime | analyticsinformation | rc
    hs_analytics_first_touch_converting_campaign | First Touch Converting Campaign | string | analyticsinformation | rc
    hs_analytics_first_url | First Page Seen | string | analyticsinformation | rc
    hs_analytics_first_visit_timestamp | Time of First Session | datetime | analyticsinformation | rc
    hs_analytics_last_referrer | Last Referring Site | string | analyticsinformation | rc
    hs_analytics_last_timestamp | Time Last Seen | datetime | analyticsinformation | rc
    hs_analytics_last_touch_converting_campaign | Last Touch Converting Campaign | string | analyticsinformation | rc
    hs_analytics_last_url | Last Page Seen | string | analyticsinformation | rc
    hs_analytics_last_visit_timestamp | Time of Last Session | datetime | analyticsinformation | rc
    hs_analytics_num_event_completions | Number of event completions | number | analyticsinformation | rc
    hs_analytics_num_page_views | Number of Pageviews | number | analyticsinformation | rc
    hs_analytics_num_visits | Number of Sessions | number | analyticsinformation | rc
    hs_analytics_revenue | Event Revenue | number | analyticsinformation | rc
    hs_analytics_source_data_1 | Original Traffic Source Drill-Down 1 | string | analyticsinformation | rc
    hs_analytics_source_data_2 | Original Traffic Source Drill-Down 2 | string | analyticsinformation | rc
    hs_latest_source | Latest Traffic Source | enumeration | analyticsinformation | rc | @sources
    hs_latest_source_data_1 | Latest Traffic Source Drill-Down 1 | string | analyticsinformation | rc
    hs_latest_source_data_2 | Latest Traffic Source Drill-Down 2 | string | analyticsinformation | rc
    hs_latest_source_timestamp | Latest Traffic Source Date | datetime | analyticsinformation | rc
    hs_facebook_click_id | Facebook click id | string | analyticsinformation | r
    hs_google_click_id | Google ad click id | string | analyticsinformation | r
    ip_city | IP City | string | analyticsinformation | rc
    ip_country | IP Country | string | analyticsinformation | rc
    ip_country_code | IP Country Code | string | analyticsinformation | rc
    ip_state | IP State/Region | string | analyticsinformation | rc
    ip_state_code | IP State Code/Region Code | string | analyticsinformation | rc
    ip_zipcode | IP Zipcode | string | analyticsinformation | rc
    hs_ip_timezone | IP Timezone | string | analyticsinformation | rc
    hs_email_bad_address | Invalid email address | bool | emailinformation | rc
    hs_email_bounce | Marketing emails bounced | number | emailinformation | rc
    hs_email_click | Marketing emails clicked | number | emailinformation | rc
    hs_email_delivered | Marketing emails delivered | number | emailinformation | rc
    hs_email_open | Marketing emails opened | number | emailinformation | rc
    hs_email_replied | Marketing emails replied | number | emailinformation | rc
    hs_email_domain | Email Domain | string | emailinformation | rc
    hs_email_first_click_date | First marketing email click date | datetime | emailinformation | rc
    hs_email_first_open_date | First marketing email open date | datetime | emailinformation | rc
    hs_email_first_send_date | First marketing email send date | datetime | emailinformation | rc
    hs_email_first_reply_date | First marketing email reply date | datetime | emailinformation | rc
    hs_email_last_click_date | Last marketing email click date | datetime | emailinformation | rc
    hs_email_last_open_date | Last marketing email open date | datetime | emailinformation | rc
    hs_email_last_send_date | Last marketing email send date | datetime | emailinformation | rc
    hs_email_last_reply_date | Last marketing email reply date | datetime | emailinformation | rc
    hs_email_last_email_name | Last marketing email name | string | emailinformation | rc
    hs_email_hard_bounce_reason_enum | Email hard bounce reason | enumeration | emailinformation | rc | MAILBOX_FULL=Mailbox full;UNKNOWN_USER=Unknown user;POLICY=Policy;SPAM=Spam;OTHER=Other
    hs_email_quarantined | Email Address Quarantined | bool | emailinformation | rc
    hs_email_quarantined_reason | Email address quarantine reason | enumeration | emailinformation | rc | SUSPENDED=Suspended;UNDELIVERABLE=Undeliverable;BLOCKED=Blocked;SPAM_TRAP=Spam trap
    hs_email_recipient_fatigue_recovery_time | Email Address Recipient Fatigue Next Available Sending Time | datetime | emailinformation | rc
    hs_email_sends_since_last_engagement | Sends Since Last Engagement | number | emailinformation | rc
    hs_emailconfirmationstatus | Marketing email confirmation status | enumeration | emailinformation | rc | Confirmed=Confirmed;Confirmation Pending=Confirmation Pending;User clicked confirmation=User clicked confirmation
    hs_email_is_ineligible | Is globally ineligible | bool | emailinformation | rc
    hs_marketable_status | Marketing contact status | enumeration | contactinformation | r | true=Marketing contact;false=Non-marketing contact
    hs_marketable_reason_id | Marketing contact status source name | string | contactinformation | rc
    hs_marketable_reason_type | Marketing contact status source type | enumeration | contactinformation | rc | IMPORT=Import;FORM=Form;INTEGRATION=Integration;MANUAL=Manual;WORKFLOW=Workflow
    hs_marketable_until_renewal | Marketing contact until next update | enumeration | contactinformation | r | true=Yes;false=No
    hs_pipeline | Pipeline | enumeration | contactinformation | r | contacts-lifecycle-pipeline=Lifecycle Stage Pipeline
    hs_document_last_revisited | Recent Document Revisit Date | datetime | sales_properties | rc
    hs_social_last_engagement | Most Recent Social Click | datetime | socialmediainformation | rc
    hs_social_num_broadcast_clicks | Broadcast Clicks | number | socialmediainformation | rc
    hs_social_twitter_clicks | Twitter Clicks | number | socialmediainformation | rc
    hs_social_facebook_clicks | Facebook Clicks | number | socialmediainformation | rc
    hs_social_linkedin_clicks | LinkedIn Clicks | number | socialmediainformation | rc
    hs_feedback_last_nps_rating | Last NPS survey rating | enumeration | feedback_information | rc | detractor=Detractor;passive=Passive;promoter=Promoter
    hs_feedback_last_nps_follow_up | Last NPS survey comment | string | feedback_information | rc
    hs_feedback_last_survey_date | Last NPS survey date | datetime | feedback_information | rc
    hs_num_open_deals | Number of open deals | number | deal_information | rc
    hs_recent_closed_order_date | Recent closed order date | datetime | deal_information | rc
    num_associated_tickets | Number of associated tickets | number | contactinformation | rc
    hs_count_is_unworked | Count of unengaged contacts | number | sales_properties | rc
    hs_count_is_worked | Count of engaged contacts | number | sales_properties | rc
    """
}
