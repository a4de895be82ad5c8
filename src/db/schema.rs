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

diesel::joinable!(audit_log -> accounts (actor_id));
diesel::joinable!(categories -> editions (edition_id));
diesel::joinable!(invitations -> accounts (account_id));
diesel::joinable!(sessions -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    audit_log,
    categories,
    editions,
    invitations,
    login_throttle,
    sessions,
);
