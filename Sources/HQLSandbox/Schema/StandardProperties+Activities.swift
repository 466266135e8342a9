/// The properties of HubSpot's activity (engagement) objects — calls, emails, meetings, notes,
/// tasks, communications, postal mail — from the developer docs' engagement guides
/// (`/docs/api/crm/calls`, `…/email`, `…/meetings`, `…/notes`, `…/tasks`, `…/communications`,
/// `…/postal-mail`) and the knowledge base's "activity properties". Sources: docs/sandbox.md.
extension StandardProperties {
    /// What every activity has besides its own properties.
    static let activityCommon = """
    hs_timestamp | Activity date | datetime | engagement
    hubspot_owner_id | Activity assigned to | enumeration | engagement | e | @owners
    hs_activity_type | Call and meeting type | enumeration | engagement | | Discovery=Discovery;Demo=Demo;Follow-up=Follow-up;Negotiation=Negotiation
    hs_attachment_ids | Attached file IDs | enumeration:checkbox | engagement | r
    hs_body_preview | Body preview | string | engagement | rc
    hs_body_preview_html | Body preview HTML | string | engagement | rc
    hs_body_preview_is_truncated | Body preview truncated | bool | engagement | rc
    hs_engagement_source | Activity source | string | engagement | rc
    hs_engagement_source_id | Activity source ID | string | engagement | rc
    hs_created_by | Created by | number | engagement | rc
    hs_created_by_user_id | Created by user ID | number | engagement | rc
    hs_modified_by | Modified by | number | engagement | rc
    hs_updated_by_user_id | Updated by user ID | number | engagement | rc
    hubspot_team_id | HubSpot Team | enumeration | engagement | e
    hs_all_owner_ids | All owner IDs | enumeration:checkbox | engagement | rc
    hs_all_team_ids | All team IDs | enumeration:checkbox | engagement | rc
    hs_all_accessible_team_ids | All teams | enumeration:checkbox | engagement | rc
    hs_at_mentioned_owner_ids | At-mentioned owner IDs | enumeration:checkbox | engagement | r
    hs_object_source | Record source | string | engagement | rc
    hs_object_source_label | Record source | enumeration | engagement | rc | @objectSources
    hs_unique_id | Unique ID | string | engagement
    """

    static let calls = """
    hs_call_title | Call Title | string | call
    hs_call_body | Call notes | string:html | call
    hs_call_direction | Call direction | enumeration | call | | INBOUND=Inbound;OUTBOUND=Outbound
    hs_call_disposition | Call outcome | enumeration | call | | @callOutcomes
    hs_call_duration | Call duration | number | call
    hs_call_status | Call status | enumeration | call | | BUSY=Busy;CALLING_CRM_USER=Calling CRM user;CANCELED=Canceled;COMPLETED=Completed;CONNECTING=Connecting;FAILED=Failed;IN_PROGRESS=In progress;MISSED=Missed;NO_ANSWER=No answer;QUEUED=Queued;RINGING=Ringing
    hs_call_from_number | From number | string | call
    hs_call_to_number | To number | string | call
    hs_call_recording_url | Recording URL | string | call
    hs_call_has_transcript | Has transcript | bool | call | rc
    hs_call_source | Call source | enumeration | call | r | CALLING_WIDGET=Calling widget;INTEGRATIONS_PLATFORM=Integrations platform;CRM_UI=CRM
    hs_call_callee_object_id | Callee object ID | number | call
    hs_call_callee_object_type | Callee object type | enumeration | call | | CONTACT=Contact;COMPANY=Company
    hs_call_external_id | External call ID | string | call
    hs_call_app_id | Calling app ID | number | call | r
    hs_call_primary_deal | Primary deal | number | call | r
    hs_call_video_recording_url | Video recording URL | string | call
    hs_call_authed_url_provider | Recording provider | string | call | r
    """

    static let emails = """
    hs_email_subject | Email subject | string | email
    hs_email_text | Email body (text) | string:textarea | email
    hs_email_html | Email body | string:html | email
    hs_email_direction | Email direction | enumeration | email | | EMAIL=Sent by CRM user;INCOMING_EMAIL=Reply from contact;FORWARDED_EMAIL=Forwarded
    hs_email_status | Email send status | enumeration | email | | BOUNCED=Bounced;FAILED=Failed;SCHEDULED=Scheduled;SENDING=Sending;SENT=Sent
    hs_email_headers | Email headers | string:textarea | email
    hs_email_sender_email | Sender email | string | email
    hs_email_sender_firstname | Sender first name | string | email
    hs_email_sender_lastname | Sender last name | string | email
    hs_email_to_email | Recipient email | string | email
    hs_email_to_firstname | Recipient first name | string | email
    hs_email_to_lastname | Recipient last name | string | email
    hs_email_cc_email | CC email | string | email
    hs_email_bcc_email | BCC email | string | email
    hs_email_thread_id | Thread ID | string | email | r
    hs_email_message_id | Message ID | string | email | r
    hs_email_open_count | Number of opens | number | email | rc
    hs_email_click_count | Number of clicks | number | email | rc
    hs_email_reply_count | Number of replies | number | email | rc
    hs_email_tracker_key | Tracker key | string | email | r
    hs_email_logged_from | Logged from | enumeration | email | r | CRM=CRM;GMAIL=Gmail;OUTLOOK=Outlook;BCC=BCC
    hs_email_post_send_status | Post-send status | enumeration | email | r | NONE=None;OPENED=Opened;CLICKED=Clicked;REPLIED=Replied
    hs_email_attached_video_opened | Attached video opened | bool | email | rc
    """

    static let meetings = """
    hs_meeting_title | Meeting name | string | meeting
    hs_meeting_body | Meeting description | string:html | meeting
    hs_internal_meeting_notes | Internal notes | string:html | meeting
    hs_meeting_external_url | External URL | string | meeting
    hs_meeting_location | Location | string | meeting
    hs_meeting_location_type | Location type | enumeration | meeting | | ADDRESS=Address;CUSTOM=Custom;PHONE=Phone;VIDEO=Video conference
    hs_meeting_start_time | Start time | datetime | meeting
    hs_meeting_end_time | End time | datetime | meeting
    hs_meeting_outcome | Meeting outcome | enumeration | meeting | | SCHEDULED=Scheduled;COMPLETED=Completed;RESCHEDULED=Rescheduled;NO_SHOW=No show;CANCELED=Canceled
    hs_meeting_source | Meeting source | enumeration | meeting | r | CRM_UI=CRM;MEETINGS_PUBLIC=Meetings link;BIDIRECTIONAL_API=Calendar sync;INTEGRATION=Integration
    hs_meeting_created_from_link_id | Meeting link ID | string | meeting | r
    hs_include_description_in_reminder | Include description in reminder | bool | meeting
    hs_attendee_owner_ids | Attendees | enumeration:checkbox | meeting | e
    hs_video_conference_url | Video conference URL | string | meeting
    hs_meeting_ms_teams_payload | Microsoft Teams payload | string | meeting | r
    hs_meeting_change_id | Change ID | string | meeting | r
    """

    static let notes = """
    hs_note_body | Note body | string:html | note
    hs_note_ms_teams_message_id | Microsoft Teams message ID | string | note | r
    hs_note_body_format | Note body format | enumeration | note | r | HTML=HTML;TEXT=Text
    """

    static let tasks = """
    hs_task_subject | Task title | string | task
    hs_task_body | Task notes | string:html | task
    hs_task_status | Task status | enumeration | task | | NOT_STARTED=Not started;IN_PROGRESS=In progress;WAITING=Waiting;COMPLETED=Completed;DEFERRED=Deferred
    hs_task_priority | Priority | enumeration | task | | NONE=None;LOW=Low;MEDIUM=Medium;HIGH=High
    hs_task_type | Task type | enumeration | task | | CALL=Call;EMAIL=Email;LINKED_IN=LinkedIn;MEETING=Meeting;LINKED_IN_CONNECT=LinkedIn connect;LINKED_IN_MESSAGE=LinkedIn message;TODO=To-do
    hs_task_completion_date | Completed at | datetime | task | rc
    hs_task_completion_count | Completion count | number | task | rc
    hs_task_is_completed | Is completed | number | task | rc
    hs_task_is_overdue | Is overdue | bool | task | rc
    hs_task_is_past_due_date | Is past due date | bool | task | rc
    hs_task_reminders | Reminders | enumeration:checkbox | task | r
    hs_task_send_default_reminder | Send default reminder | bool | task
    hs_task_repeat_interval | Repeat interval | string | task
    hs_task_for_object_type | Task for object type | enumeration | task | r | CONTACT=Contact;COMPANY=Company;DEAL=Deal;TICKET=Ticket
    hs_queue_membership_ids | Queue | enumeration:checkbox | task | | 1001=Follow-ups;1002=Renewals;1003=Inbound leads
    hs_task_last_contact_outreach | Last contact outreach | datetime | task | rc
    hs_task_last_sales_activity_timestamp | Last sales activity | datetime | task | rc
    hs_task_sequence_enrollment_active | Sequence enrollment active | bool | task | rc
    """

    static let communications = """
    hs_communication_channel_type | Channel type | enumeration | communication | | WHATS_APP=WhatsApp;LINKEDIN_MESSAGE=LinkedIn;SMS=SMS
    hs_communication_logged_from | Logged from | enumeration | communication | r | CRM=CRM
    hs_communication_body | Body | string:textarea | communication
    """

    static let postalMail = """
    hs_postal_mail_body | Body | string:textarea | postal_mail
    hs_direction | Direction | enumeration | postal_mail | | SENT=Sent;RECEIVED=Received
    """
}
