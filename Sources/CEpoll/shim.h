// epoll for hall-bench's screens (Glibc's Swift module does not export it).
#include <sys/epoll.h>
