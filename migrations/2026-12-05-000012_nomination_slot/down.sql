DROP FUNCTION nomination_slot_free(uuid, uuid, bigint);
