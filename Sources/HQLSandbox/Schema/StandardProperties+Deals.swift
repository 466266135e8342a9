/// HubSpot's default deal and ticket properties (knowledge base "HubSpot's default deal
/// properties" and "HubSpot's default ticket properties"). Sources: docs/sandbox.md.
extension StandardProperties {
    static let deals = """
    dealname | Deal Name | string | dealinformation
    amount | Amount | number | dealinformation
    closedate | Close Date | datetime | dealinformation
    pipeline | Pipeline | enumeration | dealinformation | | @pipelines
    dealstage | Deal Stage | enumeration:radio | dealinformation | | @stages
    dealtype | Deal Type | enumeration:radio | dealinformation | | newbusiness=New Business;existingbusiness=Existing Business
    hs_priority | Priority | enumeration | dealinformation | | low=Low;medium=Medium;high=High
    description | Deal Description | string:textarea | dealinformation
    hubspot_owner_id | Deal owner | enumeration | dealinformation | e | @owners
    amount_in_home_currency | Amount in company currency | number | dealinformation | rc
    deal_currency_code | Currency | enumeration | dealinformation | | @currencies
    hs_acv | Annual contract value | number | dealinformation | rc
    hs_arr | Annual recurring revenue | number | dealinformation | rc
    hs_mrr | Monthly recurring revenue | number | dealinformation | rc
    hs_tcv | Total contract value | number | dealinformation | rc
    hs_closed_amount | Closed Deal Amount | number | dealinformation | rc
    hs_closed_amount_in_home_currency | Closed Deal Amount In Home Currency | number | dealinformation | rc
    hs_projected_amount | Weighted amount | number | dealinformation | rc
    hs_projected_amount_in_home_currency | Weighted amount in company currency | number | dealinformation | rc
    hs_forecast_amount | Forecast amount | number | dealinformation | rc
    hs_forecast_category | Forecast category | enumeration | dealinformation | | OMIT=Not forecasted;PIPELINE=Pipeline;BEST_CASE=Best case;COMMIT=Commit;CLOSED=Closed won
    hs_forecast_probability | Forecast probability | number | dealinformation
    hs_manual_forecast_category | Forecast category (manual) | enumeration | dealinformation | | OMIT=Not forecasted;PIPELINE=Pipeline;BEST_CASE=Best case;COMMIT=Commit;CLOSED=Closed won
    hs_deal_stage_probability | Deal probability | number | dealinformation | rc
    hs_deal_stage_probability_shadow | Deal stage probability shadow | number | dealinformation | rc
    hs_is_closed | Is Deal Closed? | bool | dealinformation | rc
    hs_is_closed_won | Is Closed Won | bool | dealinformation | rc
    hs_is_closed_lost | Is closed lost | bool | dealinformation | rc
    hs_is_deal_split | Deal has a split | bool | dealinformation | rc
    hs_is_open_count | Is Open (numeric) | number | dealinformation | rc
    hs_is_closed_count | Is Closed (numeric) | number | dealinformation | rc
    hs_closed_won_count | Is Closed Won (numeric) | number | dealinformation | rc
    hs_closed_won_date | Closed won date (Sales Pipeline) | datetime | dealinformation | rc
    closed_lost_reason | Closed Lost Reason | string:textarea | dealinformation
    closed_won_reason | Closed Won Reason | string:textarea | dealinformation
    days_to_close | Days to close | number | dealinformation | rc
    hs_days_to_close_raw | Days to close (without rounding) | number | dealinformation | rc
    hs_deal_amount_calculation_preference | Deal amount calculation preference | enumeration | dealinformation | | LINE_ITEMS=Line items;MANUAL=Manual
    hs_line_item_global_term_hs_discount_percentage | Global Term Line Item Discount Percentage | string | dealinformation
    hs_line_item_global_term_hs_recurring_billing_period | Global Term Line Item Recurring Billing Period | string | dealinformation
    hs_line_item_global_term_recurringbillingfrequency | Global Term Line Item Recurring Billing Frequency | string | dealinformation
    hs_num_associated_deal_splits | Number of deal splits | number | dealinformation | rc
    hs_num_of_associated_line_items | Number of associated line items | number | dealinformation | rc
    num_associated_contacts | Number of Contacts | number | dealinformation | rc
    num_contacted_notes | Number of times contacted | number | deal_activity | rc
    num_notes | Number of Sales Activities | number | deal_activity | rc
    notes_last_contacted | Last Contacted | datetime | deal_activity | rc
    notes_last_updated | Last Activity Date | datetime | deal_activity | rc
    notes_next_activity_date | Next Activity Date | datetime | deal_activity | rc
    hs_next_step | Next step | string:textarea | dealinformation
    hs_latest_meeting_activity | Latest meeting activity | datetime | deal_activity | rc
    hs_last_sales_activity_timestamp | Last Engagement Date | datetime | deal_activity | rc
    hs_sales_email_last_replied | Recent Sales Email Replied Date | datetime | deal_activity | rc
    engagements_last_meeting_booked | Date of last meeting booked in meetings tool | datetime | deal_activity | rc
    hs_analytics_source | Original Source Type | enumeration | analyticsinformation | rc | @sources
    hs_analytics_source_data_1 | Original Source Data 1 | string | analyticsinformation | rc
    hs_analytics_source_data_2 | Original Source Data 2 | string | analyticsinformation | rc
    hs_analytics_latest_source | Latest Source | enumeration | analyticsinformation | rc | @sources
    hs_campaign | HubSpot Campaign | string | dealinformation
    hubspot_owner_assigneddate | Owner Assigned Date | datetime | dealinformation | rc
    hubspot_team_id | HubSpot Team | enumeration | dealinformation | e
    hs_all_owner_ids | All owner IDs | enumeration:checkbox | dealinformation | rc
    hs_all_team_ids | All team IDs | enumeration:checkbox | dealinformation | rc
    hs_all_accessible_team_ids | All teams | enumeration:checkbox | dealinformation | rc
    hs_all_collaborator_owner_ids | Deal Collaborator | enumeration:checkbox | dealinformation | e
    hs_all_deal_split_owner_ids | Deal Split Users | enumeration:checkbox | dealinformation | rc
    hs_created_by_user_id | Created by user ID | number | dealinformation | rc
    hs_updated_by_user_id | Updated by user ID | number | dealinformation | rc
    hs_merged_object_ids | Merged Deal IDs | enumeration:checkbox | dealinformation | rc
    hs_object_source | Record source | string | dealinformation | rc
    hs_object_source_id | Record source ID | string | dealinformation | rc
    hs_object_source_label | Record source | enumeration | dealinformation | rc | @objectSources
    hs_was_imported | Performed in an import | bool | dealinformation | rc
    hs_primary_associated_company | Primary associated company | number | dealinformation | rc
    hs_likelihood_to_close | Likelihood to close by the close date | number | dealinformation | rc
    hs_predicted_amount | Predicted amount | number | dealinformation | rc
    hs_deal_score | Deal Score | number | dealinformation | rc
    hs_lastmodifieddate_stage | Last stage change date | datetime | dealinformation | rc
    hs_v2_date_entered_current_stage | Date entered current stage | datetime | dealinformation | rc
    hs_v2_time_in_current_stage | Time in current stage | datetime | dealinformation | rc
    """

    static let tickets = """
    subject | Ticket name | string | ticketinformation
    content | Ticket description | string:textarea | ticketinformation
    hs_pipeline | Pipeline | enumeration | ticketinformation | | @pipelines
    hs_pipeline_stage | Ticket status | enumeration | ticketinformation | | @stages
    hs_ticket_category | Category | enumeration | ticketinformation | | @ticketCategories
    hs_ticket_priority | Priority | enumeration | ticketinformation | | @ticketPriorities
    source_type | Source | enumeration | ticketinformation | | @ticketSources
    hubspot_owner_id | Ticket owner | enumeration | ticketinformation | e | @owners
    closed_date | Close date | datetime | ticketinformation | rc
    first_agent_reply_date | First agent email reply date | datetime | ticketinformation | rc
    last_reply_date | Last reply date | datetime | ticketinformation | rc
    last_engagement_date | Last contacted | datetime | ticketinformation | rc
    hs_resolution | Resolution | enumeration | ticketinformation | | ISSUE_FIXED=Issue fixed;BILLING_ADJUSTED=Billing adjusted;KNOWLEDGE_BASE_ARTICLE=Knowledge base article;WORKAROUND=Workaround;DUPLICATE=Duplicate;WONT_FIX=Won't fix
    hs_ticket_id | Ticket ID | number | ticketinformation | rc
    hs_ticket_language | Ticket language | enumeration | ticketinformation | | @languages
    hs_in_helpdesk | In help desk | bool | ticketinformation | rc
    hs_is_closed | Is ticket closed? | bool | ticketinformation | rc
    hs_is_visible_in_help_desk | Is visible in help desk | bool | ticketinformation | rc
    hs_originating_channel_instance_id | Originating channel account | string | ticketinformation | rc
    hs_originating_email_engagement_id | Originating email ID | number | ticketinformation | rc
    hs_originating_generic_channel_id | Originating channel type | enumeration | ticketinformation | rc | EMAIL=Email;CHAT=Chat;FORM=Form;PHONE=Phone
    hs_primary_company_id | Primary company ID | number | ticketinformation | rc
    hs_primary_company_name | Primary company | string | ticketinformation | rc
    hs_primary_company | Primary company (legacy) | string | ticketinformation | rc
    hs_tag_ids | Tags | enumeration:checkbox | ticketinformation | | bug=Bug;billing=Billing;vip=VIP;escalated=Escalated;follow_up=Follow up
    hs_thread_ids_to_restore | Threads to restore | enumeration:checkbox | ticketinformation | r
    hs_time_to_close_sla_at | Time to close SLA due date | datetime | ticketinformation | rc
    hs_time_to_close_sla_status | Time to close SLA status | enumeration | ticketinformation | rc | @slaStatus
    hs_time_to_first_response_sla_at | Time to first response SLA due date | datetime | ticketinformation | rc
    hs_time_to_first_response_sla_status | Time to first response SLA status | enumeration | ticketinformation | rc | @slaStatus
    hs_time_to_first_rep_assignment | Time to first rep assignment | number | ticketinformation | rc
    time_to_close | Time to close | number | ticketinformation | rc
    time_to_first_agent_reply | Time to first agent email reply | number | ticketinformation | rc
    hs_num_times_contacted | Number of times contacted | number | ticketinformation | rc
    num_notes | Number of Sales Activities | number | ticketinformation | rc
    notes_last_contacted | Last Contacted | datetime | ticketinformation | rc
    notes_last_updated | Last Activity Date | datetime | ticketinformation | rc
    notes_next_activity_date | Next Activity Date | datetime | ticketinformation | rc
    nps_score | NPS score | number | ticketinformation | rc
    hs_feedback_last_ces_rating | Last CES survey rating | number | ticketinformation | rc
    hs_feedback_last_ces_follow_up | Last CES survey comment | string | ticketinformation | rc
    hs_custom_inbox | Inbox | string | ticketinformation | r
    hs_conversations_originating_message_id | Originating conversation message ID | string | ticketinformation | rc
    hs_most_recent_customer_agent_email_reply_date | Last customer reply date | datetime | ticketinformation | rc
    hs_last_email_activity | Last email activity | enumeration | ticketinformation | rc | REPLY_FROM_CUSTOMER=Customer replied;REPLY_FROM_AGENT=Agent replied
    hs_last_message_received_at | Last message received date | datetime | ticketinformation | rc
    hs_last_message_sent_at | Last message sent date | datetime | ticketinformation | rc
    hs_last_closed_date | Last close date | datetime | ticketinformation | rc
    hs_date_entered_closed_state | Date entered closed state | datetime | ticketinformation | rc
    hubspot_owner_assigneddate | Owner assigned date | datetime | ticketinformation | rc
    hubspot_team_id | HubSpot team | enumeration | ticketinformation | e
    hs_all_owner_ids | All owner IDs | enumeration:checkbox | ticketinformation | rc
    hs_all_team_ids | All team IDs | enumeration:checkbox | ticketinformation | rc
    hs_all_accessible_team_ids | All teams | enumeration:checkbox | ticketinformation | rc
    hs_created_by_user_id | Created by user ID | number | ticketinformation | rc
    hs_updated_by_user_id | Updated by user ID | number | ticketinformation | rc
    hs_merged_object_ids | Merged ticket IDs | enumeration:checkbox | ticketinformation | rc
    hs_object_source | Record source | string | ticketinformation | rc
    hs_object_source_label | Record source | enumeration | ticketinformation | rc | @objectSources
    created_by | Created by | number | ticketinformation | rc
    """
}
