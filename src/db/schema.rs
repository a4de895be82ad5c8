// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Uuid,
        email -> Text,
        display_name -> Text,
        organization -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        roles -> Array<Text>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Uuid,
        at -> Timestamptz,
        actor_id -> Nullable<Uuid>,
        action -> Text,
        entity_type -> Text,
        entity_id -> Uuid,
        before -> Nullable<Jsonb>,
        after -> Nullable<Jsonb>,
    }
}

diesel::table! {
    categories (id) {
        id -> Uuid,
        edition_id -> Uuid,
        number -> Int4,
        code -> Text,
        action_line -> Text,
        name -> Text,
    }
}

diesel::table! {
    editions (id) {
        id -> Uuid,
        year -> Int4,
        name -> Text,
        timezone -> Text,
        submission_opens_at -> Timestamptz,
        submission_deadline -> Timestamptz,
        deadline_extended_to -> Nullable<Timestamptz>,
        results_published_at -> Nullable<Timestamptz>,
        version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    invitations (token_hash) {
        token_hash -> Bytea,
        account_id -> Uuid,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    login_throttle (key) {
        key -> Text,
        window_start -> Timestamptz,
        failures -> Int4,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Bytea,
        account_id -> Uuid,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    nominations (id) {
        id -> Uuid,
        edition_id -> Uuid,
        owner_id -> Uuid,
        reference -> Text,
        status -> Text,
        category_id -> Nullable<Uuid>,
        related_action_lines -> Array<Text>,
        title -> Text,
        summary -> Text,
        description -> Text,
        impact -> Text,
        partnerships -> Text,
        challenges -> Text,
        organization -> Text,
        stakeholder_type -> Nullable<Text>,
        country -> Text,
        sdgs -> Array<Int4>,
        website -> Text,
        project_start -> Nullable<Date>,
        project_status -> Nullable<Text>,
        contact_name -> Text,
        contact_email -> Text,
        version -> Int4,
        submitted_at -> Nullable<Timestamptz>,
        withdrawn_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    nominator_extensions (edition_id, account_id) {
        edition_id -> Uuid,
        account_id -> Uuid,
        extended_to -> Timestamptz,
        reason -> Text,
        granted_by -> Nullable<Uuid>,
        granted_at -> Timestamptz,
    }
}

diesel::joinable!(audit_log -> accounts (actor_id));
diesel::joinable!(categories -> editions (edition_id));
diesel::joinable!(invitations -> accounts (account_id));
diesel::joinable!(nominations -> accounts (owner_id));
diesel::joinable!(nominations -> categories (category_id));
diesel::joinable!(nominations -> editions (edition_id));
diesel::joinable!(nominator_extensions -> editions (edition_id));
diesel::joinable!(sessions -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    audit_log,
    categories,
    editions,
    invitations,
    login_throttle,
    nominations,
    nominator_extensions,
    sessions,
);
