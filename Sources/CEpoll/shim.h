// epoll and memmem for hall-bench's screens (Glibc's Swift module exports neither).
#define _GNU_SOURCE
#include <string.h>
#include <sys/epoll.h>
