/*
 * peers.c - peer groups, rank ranges and peer-group means of the report
 * stage (rules in peers.h).
 */
#include "peers.h"

#include <string.h>

const long PEERS_SIZE_FROM[PEERS_SIZE_CLASSES] = {1, 100, 300, 1000, 3000};

int peers_size_class(long staff)
{
        if (staff <= 0)
                return -1;
        int k = 0;
        while (k + 1 < PEERS_SIZE_CLASSES && staff >= PEERS_SIZE_FROM[k + 1])
                k++;
        return k;
}

int peers_same_group(const struct config *cfg, size_t a, size_t b)
{
        const struct municipality *x = &cfg->munis[a], *y = &cfg->munis[b];
        if (x->group || y->group)
                return x->group && y->group && !strcmp(x->group, y->group);
        int c = peers_size_class(x->staff);
        return c >= 0 && c == peers_size_class(y->staff);
}

int peers_rank(const struct peers_fig *f, const unsigned char *member, size_t n, size_t self,
               struct peers_rank *out)
{
        if (self >= n || !f[self].ok || (member && !member[self]))
                return -1;
        const struct peers_fig *s = &f[self];
        size_t cnt = 0, higher = 0, above = 0, below = 0;
        for (size_t i = 0; i < n; i++) {
                if (!f[i].ok || (member && !member[i]))
                        continue;
                cnt++;
                if (i == self)
                        continue;
                if (f[i].v > s->v)
                        higher++;
                if (f[i].lo > s->hi)
                        above++;
                if (f[i].hi < s->lo)
                        below++;
        }
        out->n = cnt;
        out->rank = 1 + higher;
        out->best = 1 + above;
        out->worst = cnt - below;
        return 0;
}

double peers_mean(const struct peers_fig *f, const unsigned char *member, size_t n, size_t *used)
{
        double sw = 0, swv = 0;
        *used = 0;
        for (size_t i = 0; i < n; i++) {
                if (!f[i].ok || (member && !member[i]) || !(f[i].n > 0))
                        continue;
                sw += f[i].n;
                swv += f[i].n * f[i].v;
                (*used)++;
        }
        return *used ? swv / sw : 0;
}
