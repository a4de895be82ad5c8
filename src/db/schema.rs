// @generated automatically by Diesel CLI.

diesel::table! {
    altcha_spent (signature) {
        signature -> Text,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    service_keys (name) {
        name -> Text,
        key -> Text,
        created_at -> Timestamptz,
    }
}

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
        disabled_at -> Nullable<Timestamptz>,
        language -> Text,
        email_confirmed_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    account_tokens (token_hash) {
        token_hash -> Bytea,
        account_id -> Uuid,
        purpose -> Text,
        email -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    outbox (id) {
        id -> Uuid,
        kind -> Text,
        account_id -> Nullable<Uuid>,
        recipient -> Text,
        language -> Text,
        params -> Jsonb,
        message_id -> Text,
        dedupe_key -> Nullable<Text>,
        status -> Text,
        attempts -> Int4,
        last_error -> Nullable<Text>,
        not_before -> Timestamptz,
        not_after -> Nullable<Timestamptz>,
        next_attempt_at -> Timestamptz,
        first_failed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        subject -> Nullable<Text>,
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
    nomination_search (nomination_id) {
        nomination_id -> Uuid,
        edition_id -> Uuid,
        category_id -> Nullable<Uuid>,
        status -> Text,
        country -> Text,
        stakeholder_type -> Nullable<Text>,
        updated_at -> Timestamptz,
        version -> Int4,
        doc -> Text,
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

diesel::table! {
    rounds (id) {
        id -> Uuid,
        edition_id -> Uuid,
        position -> Int4,
        name -> Text,
        status -> Text,
        criteria -> Jsonb,
        judges_per_nomination -> Int4,
        advance_per_category -> Int4,
        blind -> Bool,
        seed -> Int8,
        assignment_report -> Jsonb,
        version -> Int4,
        opened_at -> Nullable<Timestamptz>,
        closed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        kind -> Text,
        opens_at -> Nullable<Timestamptz>,
        closes_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    round_panel (round_id, judge_id) {
        round_id -> Uuid,
        judge_id -> Uuid,
        categories -> Nullable<Array<Text>>,
    }
}

diesel::table! {
    round_entries (round_id, nomination_id) {
        round_id -> Uuid,
        nomination_id -> Uuid,
        category_id -> Uuid,
        mean -> Nullable<Float8>,
        spread -> Nullable<Float8>,
        std_dev -> Nullable<Float8>,
        score_count -> Int4,
        calibrated -> Nullable<Float8>,
        uncertainty -> Nullable<Float8>,
        rank -> Nullable<Int4>,
        tied -> Bool,
        advanced -> Bool,
        tie_at_cutoff -> Bool,
        indistinguishable_from_next -> Bool,
        votes -> Nullable<Int4>,
        raw_votes -> Nullable<Int4>,
    }
}

diesel::table! {
    assignments (round_id, nomination_id, judge_id) {
        round_id -> Uuid,
        nomination_id -> Uuid,
        judge_id -> Uuid,
        status -> Text,
        source -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    conflicts (nomination_id, judge_id) {
        nomination_id -> Uuid,
        judge_id -> Uuid,
        reason -> Text,
        declared_by -> Nullable<Uuid>,
        declared_at -> Timestamptz,
    }
}

diesel::table! {
    scores (round_id, nomination_id, judge_id) {
        round_id -> Uuid,
        nomination_id -> Uuid,
        judge_id -> Uuid,
        criterion_scores -> Jsonb,
        total -> Float8,
        comment -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    results_snapshots (id) {
        id -> Uuid,
        edition_id -> Uuid,
        version -> Int4,
        published_at -> Timestamptz,
        reason -> Text,
        body -> Jsonb,
        checksum -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    votes (id) {
        id -> Uuid,
        round_id -> Uuid,
        category_id -> Uuid,
        nomination_id -> Uuid,
        account_id -> Nullable<Uuid>,
        cast_at -> Timestamptz,
        network -> Nullable<Text>,
        address_hash -> Nullable<Bytea>,
        agent_hash -> Nullable<Bytea>,
    }
}

diesel::table! {
    vote_invalidations (id) {
        id -> Uuid,
        round_id -> Uuid,
        account_id -> Nullable<Uuid>,
        network -> Nullable<Text>,
        from_at -> Nullable<Timestamptz>,
        to_at -> Nullable<Timestamptz>,
        reason -> Text,
        created_by -> Nullable<Uuid>,
        created_at -> Timestamptz,
        restored_at -> Nullable<Timestamptz>,
        restored_by -> Nullable<Uuid>,
    }
}

diesel::joinable!(account_tokens -> accounts (account_id));
diesel::joinable!(audit_log -> accounts (actor_id));
diesel::joinable!(outbox -> accounts (account_id));
diesel::joinable!(categories -> editions (edition_id));
diesel::joinable!(invitations -> accounts (account_id));
diesel::joinable!(nomination_search -> nominations (nomination_id));
diesel::joinable!(nominations -> accounts (owner_id));
diesel::joinable!(nominations -> categories (category_id));
diesel::joinable!(nominations -> editions (edition_id));
diesel::joinable!(nominator_extensions -> editions (edition_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::joinable!(rounds -> editions (edition_id));
diesel::joinable!(results_snapshots -> editions (edition_id));
diesel::joinable!(round_panel -> rounds (round_id));
diesel::joinable!(round_panel -> accounts (judge_id));
diesel::joinable!(round_entries -> rounds (round_id));
diesel::joinable!(round_entries -> nominations (nomination_id));
diesel::joinable!(round_entries -> categories (category_id));
diesel::joinable!(assignments -> accounts (judge_id));
diesel::joinable!(assignments -> nominations (nomination_id));
diesel::joinable!(conflicts -> nominations (nomination_id));

diesel::joinable!(votes -> rounds (round_id));
diesel::joinable!(votes -> categories (category_id));
diesel::joinable!(votes -> nominations (nomination_id));

diesel::allow_tables_to_appear_in_same_query!(
    accounts,
    altcha_spent,
    account_tokens,
    outbox,
    audit_log,
    categories,
    editions,
    invitations,
    login_throttle,
    nomination_search,
    nominations,
    nominator_extensions,
    results_snapshots,
    round_entries,
    round_panel,
    rounds,
    assignments,
    conflicts,
    scores,
    service_keys,
    sessions,
    votes,
    vote_invalidations,
);
