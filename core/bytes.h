/*
 * Numbers stored in a fixed byte order, as file headers keep them
 * (SQLite's database header, RFC 8536's zone files) and as the kept
 * sessions' flag values are (core/store.c).
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

/* The unsigned 64-bit number at p, most significant byte first. */
static inline uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* Writes v at p, most significant byte first. */
static inline void put_be64(unsigned char *p, uint64_t v)
{
	for (int b = 0; b < 8; b++)
		p[b] = (unsigned char)(v >> (56 - 8 * b));
}

#endif
