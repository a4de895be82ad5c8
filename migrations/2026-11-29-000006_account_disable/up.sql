-- An organiser can disable an account: its sessions end at once and it cannot sign in.
ALTER TABLE accounts ADD COLUMN disabled_at timestamptz;
