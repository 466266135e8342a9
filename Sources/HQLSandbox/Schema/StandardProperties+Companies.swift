/// HubSpot's default company properties (knowledge base "HubSpot's default company
/// properties"), plus the demo portal's custom property `renewal_date`. Sources: docs/sandbox.md.
extension StandardProperties {
    static let companies = """
    name | Company name | string | companyinformation
    domain | Company Domain Name | string | companyinformation
    website | Website URL | string | companyinformation
    phone | Phone Number | phone_number | companyinformation
    industry | Industry | enumeration | companyinformation | | @industries
    numberofemployees | Number of Employees | number | companyinformation
    annualrevenue | Annual Revenue | number | companyinformation
    city | City | string | companyinformation
    country | Country/Region | string | companyinformation
    type | Type | enumeration | companyinformation | | @companyTypes
    lifecyclestage | Lifecycle Stage | enumeration:radio | companyinformation | | @lifecycle
    hubspot_owner_id | Company owner | enumeration | companyinformation | e | @owners
    description | Description | string:textarea | companyinformation
    renewal_date | Renewal Date | date | companyinformation | x
    num_associated_contacts | Number of Associated Contacts | number | companyinformation | rc
    address | Street Address | string | companyinformation
    address2 | Street Address 2 | string | companyinformation
    state | State/Region | string | companyinformation
    zip | Postal Code | string | companyinformation
    timezone | Time Zone | string | companyinformation
    founded_year | Year Founded | string | companyinformation
    is_public | Is Public | bool | companyinformation
    total_money_raised | Total Money Raised | string | companyinformation
    about_us | About Us | string:textarea | companyinformation
    hs_industry_group | Industry group | enumeration | companyinformation | | @industryGroups
    hs_is_target_account | Target Account | bool | target_accounts
    hs_ideal_customer_profile | Ideal Customer Profile Tier | enumeration:radio | target_accounts | | tier_1=Tier 1;tier_2=Tier 2;tier_3=Tier 3
    hs_target_account | Target Account (legacy) | enumeration | target_accounts | r | true=Yes;false=No
    hs_target_account_probability | Target Account Probability | number | target_accounts | rc
    hs_target_account_recommendation_state | Target Account Recommendation State | enumeration | target_accounts | rc | DISMISSED=Dismissed;RECOMMENDED=Recommended;TARGETED=Targeted
    hs_target_account_recommendation_snooze_time | Target Account Recommendation Snooze Time | datetime | target_accounts | rc
    hs_num_blockers | Number of blockers | number | target_accounts | rc
    hs_num_contacts_with_buying_roles | Number of contacts with a buying role | number | target_accounts | rc
    hs_num_decision_makers | Number of decision makers | number | target_accounts | rc
    hs_parent_company_id | Parent Company | number | companyinformation | r
    hs_num_child_companies | Number of child companies | number | companyinformation | rc
    hs_country_code | Country/Region Code | string | companyinformation | rc
    hs_state_code | State/Region Code | string | companyinformation | rc
    hs_logo_url | Logo URL | string | companyinformation
    hs_linkedin_handle | LinkedIn handle | string | socialmediainformation
    linkedin_company_page | LinkedIn Company Page | string | socialmediainformation
    linkedinbio | LinkedIn Bio | string:textarea | socialmediainformation
    twitterhandle | Twitter Handle | string | socialmediainformation
    twitterbio | Twitter Bio | string:textarea | socialmediainformation
    twitterfollowers | Twitter Followers | number | socialmediainformation
    facebook_company_page | Facebook Company Page | string | socialmediainformation
    facebookfans | Facebook Fans | number | socialmediainformation
    googleplus_page | Google Plus Page | string | socialmediainformation
    web_technologies | Web Technologies | enumeration:checkbox | companyinformation | | @webTechnologies
    hs_annual_revenue_currency_code | Annual Revenue Currency | string | companyinformation | r
    hs_avatar_filemanager_key | Avatar FileManager key | string | companyinformation | r
    hs_lead_status | Lead Status | enumeration:radio | sales_properties | | @leadStatus
    hs_analytics_source | Original Source Type | enumeration | analyticsinformation | rc | @sources
    hs_analytics_source_data_1 | Original Source Data 1 | string | analyticsinformation | rc
    hs_analytics_source_data_2 | Original Source Data 2 | string | analyticsinformation | rc
    hs_analytics_first_timestamp | Time First Seen | datetime | analyticsinformation | rc
    hs_analytics_first_touch_converting_campaign | First Touch Converting Campaign | string | analyticsinformation | rc
    hs_analytics_first_visit_timestamp | Time of First Session | datetime | analyticsinformation | rc
    hs_analytics_last_timestamp | Time Last Seen | datetime | analyticsinformation | rc
    hs_analytics_last_touch_converting_campaign | Last Touch Converting Campaign | string | analyticsinformation | rc
    hs_analytics_last_visit_timestamp | Time of Last Session | datetime | analyticsinformation | rc
    hs_analytics_latest_source | Latest Source | enumeration | analyticsinformation | rc | @sources
    hs_analytics_latest_source_data_1 | Latest Source Data 1 | string | analyticsinformation | rc
    hs_analytics_latest_source_data_2 | Latest Source Data 2 | string | analyticsinformation | rc
    hs_analytics_latest_source_timestamp | Latest Source Timestamp | datetime | analyticsinformation | rc
    hs_analytics_num_page_views | Number of Pageviews | number | analyticsinformation | rc
    hs_analytics_num_visits | Number of Sessions | number | analyticsinformation | rc
    first_contact_createdate | First Contact Create Date | datetime | companyinformation | rc
    first_conversion_event_name | First Conversion | string | conversioninformation | rc
    first_conversion_date | First Conversion Date | datetime | conversioninformation | rc
    recent_conversion_event_name | Recent Conversion | string | conversioninformation | rc
    recent_conversion_date | Recent Conversion Date | datetime | conversioninformation | rc
    num_conversion_events | Number of Form Submissions | number | conversioninformation | rc
    first_deal_created_date | First Deal Created Date | datetime | deal_information | rc
    recent_deal_amount | Recent Deal Amount | number | deal_information | rc
    recent_deal_close_date | Recent Deal Close Date | datetime | deal_information | rc
    total_revenue | Total Revenue | number | deal_information | rc
    days_to_close | Days to Close | number | deal_information | rc
    num_associated_deals | Number of Associated Deals | number | deal_information | rc
    hs_num_open_deals | Number of open deals | number | deal_information | rc
    hs_total_deal_value | Total open deal value | number | deal_information | rc
    hs_time_in_opportunity | Time in Opportunity | number | companyinformation | rc
    closedate | Close Date | datetime | companyinformation | rc
    num_associated_tickets | Number of associated tickets | number | companyinformation | rc
    hs_num_open_tickets | Number of open tickets | number | companyinformation | rc
    notes_last_contacted | Last Contacted | datetime | company_activity | rc
    notes_last_updated | Last Activity Date | datetime | company_activity | rc
    notes_next_activity_date | Next Activity Date | datetime | company_activity | rc
    num_contacted_notes | Number of times contacted | number | company_activity | rc
    num_notes | Number of Sales Activities | number | company_activity | rc
    hs_last_sales_activity_timestamp | Last Engagement Date | datetime | company_activity | rc
    hs_last_sales_activity_date | Last engagement date | datetime | company_activity | rc
    hs_last_sales_activity_type | Last Engagement Type | enumeration | company_activity | rc | MEETING=Meeting;CALL=Call;EMAIL=Email;NOTE=Note;TASK=Task
    hs_last_logged_call_date | Last Logged Call Date | datetime | company_activity | rc
    hs_last_open_task_date | Last Open Task Date | datetime | company_activity | rc
    hs_latest_meeting_activity | Latest meeting activity | datetime | company_activity | rc
    engagements_last_meeting_booked | Date of last meeting booked in meetings tool | datetime | company_activity | rc
    hs_sales_email_last_replied | Recent Sales Email Replied Date | datetime | company_activity | rc
    hubspot_owner_assigneddate | Owner Assigned Date | datetime | companyinformation | rc
    hubspot_team_id | HubSpot Team | enumeration | companyinformation | e
    hs_all_owner_ids | All owner IDs | enumeration:checkbox | companyinformation | rc
    hs_all_team_ids | All team IDs | enumeration:checkbox | companyinformation | rc
    hs_all_accessible_team_ids | All teams | enumeration:checkbox | companyinformation | rc
    hs_created_by_user_id | Created by user ID | number | companyinformation | rc
    hs_updated_by_user_id | Updated by user ID | number | companyinformation | rc
    hs_merged_object_ids | Merged Company IDs | enumeration:checkbox | companyinformation | rc
    hs_object_source | Record source | string | companyinformation | rc
    hs_object_source_id | Record source ID | string | companyinformation | rc
    hs_object_source_label | Record source | enumeration | companyinformation | rc | @objectSources
    hs_object_source_detail_1 | Record source detail 1 | string | companyinformation | rc
    hs_was_imported | Performed in an import | bool | companyinformation | rc
    hs_pipeline | Pipeline | enumeration | companyinformation | r | companies-lifecycle-pipeline=Lifecycle Stage Pipeline
    hs_predictivecontactscore_v2 | Likelihood to close | number | companyinformation | rc
    hubspotscore | HubSpot Score | number | companyinformation | rc
    hs_employee_range | Employee range | enumeration | companyinformation | rc | 1-10=1-10;11-50=11-50;51-200=51-200;201-500=201-500;501-1000=501-1000;1001-5000=1001-5000;5001-10000=5001-10000;10001+=10001+
    hs_revenue_range | Revenue range | enumeration | companyinformation | rc | 0-1M=0-1M;1M-10M=1M-10M;10M-50M=10M-50M;50M-100M=50M-100M;100M-1B=100M-1B;1B+=1B+
    hs_keywords | Keywords | enumeration:checkbox | companyinformation | r
    hs_additional_domains | Additional Domains | enumeration:checkbox | companyinformation | r
    hs_is_enriched | Has been enriched | bool | companyinformation | rc
    """
}
