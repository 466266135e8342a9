/// Leads, goal targets and the commerce objects (products, line items, quotes), from the
/// developer docs' object guides (`/docs/api/crm/leads`, `…/goals`, `…/products`,
/// `…/line-items`, `…/quotes`). Sources: docs/sandbox.md.
extension StandardProperties {
    static let leads = """
    hs_lead_name | Lead name | string | lead_information
    hs_pipeline | Lead pipeline | enumeration | lead_information | | @pipelines
    hs_pipeline_stage | Lead stage | enumeration | lead_information | | @stages
    hs_lead_type | Lead type | enumeration | lead_information | | NEW_BUSINESS=New Business;UPSELL=Upsell;RE_ATTEMPTING=Re-attempting
    hs_lead_label | Lead label | enumeration | lead_information | | HOT=Hot;WARM=Warm;COLD=Cold
    hubspot_owner_id | Lead owner | enumeration | lead_information | e | @owners
    hs_associated_contact_email | Primary contact email | string | lead_information | rc
    hs_associated_contact_firstname | Primary contact first name | string | lead_information | rc
    hs_associated_contact_lastname | Primary contact last name | string | lead_information | rc
    hs_associated_company_name | Primary company name | string | lead_information | rc
    hs_associated_company_domain | Primary company domain | string | lead_information | rc
    hs_lead_disqualification_reason | Disqualification reason | enumeration | lead_information | | NO_BUDGET=No budget;NOT_A_FIT=Not a fit;NO_RESPONSE=No response;COMPETITOR=Went with a competitor
    hs_lead_disqualification_note | Disqualification note | string:textarea | lead_information
    hs_lead_is_open | Is open | bool | lead_information | rc
    hs_time_in_current_stage | Time in current stage | number | lead_information | rc
    hs_date_entered_current_stage | Date entered current stage | datetime | lead_information | rc
    hs_created_by_user_id | Created by user ID | number | lead_information | rc
    hs_object_source_label | Record source | enumeration | lead_information | rc | @objectSources
    """

    static let goalTargets = """
    hs_goal_name | Goal name | string | goal_target_information | r
    hs_goal_type | Goal type | enumeration | goal_target_information | r | REVENUE=Revenue;DEALS_CREATED=Deals created;MEETINGS_BOOKED=Meetings booked;CALLS_MADE=Calls made;TICKETS_CLOSED=Tickets closed
    hs_target_amount | Target | number | goal_target_information | r
    hs_target_amount_in_home_currency | Target in company currency | number | goal_target_information | rc
    hs_kpi_value | Progress | number | goal_target_information | rc
    hs_kpi_progress_percent | Progress (%) | number | goal_target_information | rc
    hs_start_datetime | Start date | datetime | goal_target_information | r
    hs_end_datetime | End date | datetime | goal_target_information | r
    hs_status | Status | enumeration | goal_target_information | rc | in_progress=In progress;achieved=Achieved;missed=Missed;not_started=Not started
    hs_assignee_user_id | Assignee user ID | number | goal_target_information | r
    hs_assignee_team_id | Assignee team ID | number | goal_target_information | r
    hs_created_by_user_id | Created by user ID | number | goal_target_information | rc
    hs_pipelines | Pipelines | enumeration:checkbox | goal_target_information | r
    hs_template_id | Goal template ID | number | goal_target_information | r
    """

    static let feedbackSubmissions = """
    hs_survey_id | Survey ID | number | feedback_submission_information | r
    hs_survey_name | Survey name | string | feedback_submission_information | r
    hs_survey_type | Survey type | enumeration | feedback_submission_information | r | NPS=Net Promoter Score;CSAT=Customer Satisfaction;CES=Customer Effort Score;CUSTOM=Custom
    hs_survey_channel | Survey channel | enumeration | feedback_submission_information | r | EMAIL=Email;WEB=Web;CHAT=Chat
    hs_value | Response value | number | feedback_submission_information | r
    hs_sentiment | Sentiment | enumeration | feedback_submission_information | r | POSITIVE=Positive;NEUTRAL=Neutral;NEGATIVE=Negative
    hs_response_group | Response group | enumeration | feedback_submission_information | r | PROMOTER=Promoter;PASSIVE=Passive;DETRACTOR=Detractor
    hs_content | Comment | string:textarea | feedback_submission_information | r
    hs_submission_name | Submission name | string | feedback_submission_information | r
    hs_contact_id | Contact ID | number | feedback_submission_information | r
    hs_contact_email_rollup | Contact email | string | feedback_submission_information | r
    hs_ingestion_id | Ingestion ID | number | feedback_submission_information | r
    hs_form_guid | Form GUID | string | feedback_submission_information | r
    hs_engagement_id | Engagement ID | number | feedback_submission_information | r
    hubspot_owner_id | Owner | enumeration | feedback_submission_information | e | @owners
    """

    /// Deal splits (Sales Hub Enterprise): a share of a deal's amount credited to an owner.
    static let dealSplits = """
    hs_deal_split_percentage | Split percentage | number | deal_split_information
    hubspot_owner_id | Split owner | enumeration | deal_split_information | e | @owners
    hs_deal_id | Deal ID | number | deal_split_information | r
    hs_deal_split_amount | Split amount | number | deal_split_information | rc
    """

    /// What `/properties/v2/form/properties` lists: the fields of marketing forms (forms are not
    /// CRM objects; only their property list is served).
    static let forms = """
    firstname | First Name | string | contactinformation
    lastname | Last Name | string | contactinformation
    email | Email | string | contactinformation
    company | Company Name | string | contactinformation
    phone | Phone Number | string | contactinformation
    message | Message | string:textarea | contactinformation
    """

    static let products = """
    name | Name | string | productinformation
    description | Description | string:textarea | productinformation
    price | Unit price | number | productinformation
    hs_sku | SKU | string | productinformation
    hs_cost_of_goods_sold | Unit cost | number | productinformation
    hs_product_type | Product type | enumeration | productinformation | | inventory=Inventory;non_inventory=Non-inventory;service=Service
    hs_recurring_billing_period | Term | string | productinformation
    recurringbillingfrequency | Billing frequency | enumeration | productinformation | | weekly=Weekly;biweekly=Biweekly;monthly=Monthly;quarterly=Quarterly;per_six_months=Every six months;annually=Annually;per_two_years=Every two years;per_three_years=Every three years
    hs_url | URL | string | productinformation
    hs_images | Image URL | string | productinformation
    hs_folder_id | Folder | number | productinformation
    hs_price_usd | Unit price (USD) | number | productinformation
    hs_price_eur | Unit price (EUR) | number | productinformation
    tax | Tax | number | productinformation
    hs_created_by_user_id | Created by user ID | number | productinformation | rc
    """

    static let lineItems = """
    name | Name | string | lineiteminformation
    quantity | Quantity | number | lineiteminformation
    price | Unit price | number | lineiteminformation
    amount | Net price | number | lineiteminformation
    hs_product_id | Product ID | number | lineiteminformation
    description | Description | string:textarea | lineiteminformation
    discount | Unit discount | number | lineiteminformation
    hs_discount_percentage | Discount Percentage | number | lineiteminformation
    hs_total_discount | Total discount | number | lineiteminformation | rc
    hs_pre_discount_amount | Pre-discount amount | number | lineiteminformation | rc
    hs_line_item_currency_code | Currency | enumeration | lineiteminformation | | @currencies
    hs_recurring_billing_period | Term | string | lineiteminformation
    recurringbillingfrequency | Billing frequency | enumeration | lineiteminformation | | weekly=Weekly;monthly=Monthly;quarterly=Quarterly;annually=Annually
    hs_tcv | Total contract value | number | lineiteminformation | rc
    hs_acv | Annual contract value | number | lineiteminformation | rc
    hs_arr | Annual recurring revenue | number | lineiteminformation | rc
    hs_mrr | Monthly recurring revenue | number | lineiteminformation | rc
    hs_margin | Margin | number | lineiteminformation | rc
    hs_position_on_quote | Position on quote | number | lineiteminformation
    hs_sku | SKU | string | lineiteminformation
    hs_cost_of_goods_sold | Unit cost | number | lineiteminformation
    """

    static let quotes = """
    hs_title | Quote Name | string | quote_information
    hs_expiration_date | Expiration Date | datetime | quote_information
    hs_public_url_key | Public URL Key | string | quote_information
    hs_status | Quote approval status | enumeration | quote_information | | @quoteStatuses
    hs_quote_amount | Quote amount | number | quote_information | rc
    hs_currency | Currency | enumeration | quote_information | | @currencies
    hs_quote_number | Quote number | string | quote_information | rc
    hs_language | Language | enumeration | quote_information | | @languages
    hs_locale | Locale | string | quote_information
    hs_terms | Terms | string:textarea | quote_information
    hs_comments | Comments to buyer | string:textarea | quote_information
    hs_sender_firstname | Sender first name | string | quote_information
    hs_sender_lastname | Sender last name | string | quote_information
    hs_sender_email | Sender email | string | quote_information
    hs_sender_company_name | Sender company name | string | quote_information
    hs_esign_enabled | E-signature enabled | bool | quote_information
    hs_payment_enabled | Payments enabled | bool | quote_information
    hs_domain | Domain | string | quote_information
    hs_slug | Slug | string | quote_information
    hs_template_type | Template type | string | quote_information
    hubspot_owner_id | Quote owner | enumeration | quote_information | e | @owners
    """
}
