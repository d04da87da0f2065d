/*
 * Numbers stored in a fixed byte order, as file headers keep them
 * (SQLite's database header, RFC 8536's zone files).
 */
#ifndef CRAMPLOG_BYTES_H
#define CRAMPLOG_BYTES_H

#include <stdint.h>

/* The unsigned 32-bit number at p, most significant byte first. */
static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

#endif
