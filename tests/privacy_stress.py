#!/usr/bin/python3
"""privacy_stress.py - writes a survey with many small groups for the privacy audit.

Usage: privacy_stress.py DIR [--municipalities N] [--seed S]

Writes DIR/stress.ini, DIR/codebook.csv and DIR/stress.csv: N municipalities
(default 30) of 8 to 40 respondents, two breakdowns (sector: 4 categories,
position: 3), so that most breakdown cells hold 1 to 10 respondents; a few
respondents leave a breakdown empty (the residual groups); 6 Likert items in
two dimensions with "don't know" and missing answers, and one current/target
pair. Deterministic for a seed. The true counts are read back from the export
by privacy_audit.py, like any other export.
"""
import argparse
import os
import random

AGREE = ['Täysin eri mieltä', 'Jokseenkin eri mieltä', 'Ei samaa eikä eri mieltä',
         'Jokseenkin samaa mieltä', 'Täysin samaa mieltä']
LEVEL = ['Ei lainkaan', 'Vähän', 'Jonkin verran', 'Pitkällä', 'Erittäin pitkällä']
SECTORS = ['Hallinto', 'Opetus', 'Tekniikka', 'Sote']
POSITIONS = ['Työntekijä', 'Asiantuntija', 'Esihenkilö']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--municipalities', type=int, default=30)
    ap.add_argument('--seed', type=int, default=12)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)
    munis = [f'Kunta{k:02d}' for k in range(a.municipalities)]
    with open(os.path.join(a.dir, 'stress.ini'), 'w', encoding='utf-8') as f:
        f.write('[region]\nname = Stressiseutu\nmin_group_size = 5\noutput = out\n\n')
        for m in munis:
            f.write(f'[municipality {m}]\nstaff = {rng.randint(40, 200)}\n\n')
        f.write('[instrument s]\ntitle = Stressikysely\ncodebook = codebook.csv\n\n')
        f.write('[wave s-2024]\ninstrument = s\nyear = 2024\nfile = stress.csv\n')
    cb = ['kind,id,column,dimension,scale,code,reverse,pair,label,label_en',
          'dimension,A,,,,,,,Ala A,', 'dimension,B,,,,,,,Ala B,']
    for k, lab in enumerate(AGREE, 1):
        cb.append(f'code,,,,agree5,{k},,,{lab},')
    cb.append('dontknow,,,,agree5,9,,,En osaa sanoa,')
    for k, lab in enumerate(LEVEL, 1):
        cb.append(f'code,,,,level5,{k},,,{lab},')
    cb.append('dontknow,,,,level5,9,,,En osaa sanoa,')
    for k, lab in enumerate(SECTORS, 1):
        cb.append(f'code,,,,sector,{k},,,{lab},')
    for k, lab in enumerate(POSITIONS, 1):
        cb.append(f'code,,,,position,{k},,,{lab},')
    cb += ['municipality,,Kunta,,,,,,,', 'respondent,,Tunnus,,,,,,,',
           'breakdown,sector,Toimiala,,sector,,,,Toimiala,',
           'breakdown,position,Asema,,position,,,,Asema,']
    items = []
    for d in 'AB':
        for k in range(1, 4):
            items.append((f'{d}{k}', f'Väite {d}{k}'))
            cb.append(f'likert,{d}{k},Väite {d}{k},{d},agree5,,,,Väite {d}{k},')
    cb.append('current,L_now,Taso nyt,A,level5,,,L_goal,Taso nyt,')
    cb.append('target,L_goal,Taso tavoite,A,level5,,,,Taso tavoite,')
    with open(os.path.join(a.dir, 'codebook.csv'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(cb) + '\n')
    head = ['Tunnus', 'Kunta', 'Toimiala', 'Asema'] + [c for _, c in items] + \
        ['Taso nyt', 'Taso tavoite']
    rows = []
    rid = 0
    for m in munis:
        n = rng.randint(8, 40)
        wsec = [rng.random() + 0.2 for _ in SECTORS]
        wpos = [3, 1.5, 0.6]
        level = rng.uniform(2, 4)
        for _ in range(n):
            rid += 1
            sec = rng.choices(SECTORS, wsec)[0] if rng.random() > 0.03 else ''
            pos = rng.choices(POSITIONS, wpos)[0] if rng.random() > 0.03 else ''
            ans = []
            for _ in items:
                u = rng.random()
                if u < 0.05:
                    ans.append('')
                elif u < 0.10:
                    ans.append('En osaa sanoa')
                else:
                    v = min(5, max(1, round(rng.gauss(level, 1.0))))
                    ans.append(AGREE[v - 1])
            cur = min(5, max(1, round(rng.gauss(level, 1.0))))
            tgt = min(5, cur + rng.randint(0, 2))
            lv = [LEVEL[cur - 1] if rng.random() > 0.08 else '',
                  LEVEL[tgt - 1] if rng.random() > 0.08 else 'En osaa sanoa']
            rows.append([f'S{rid:05d}', m, sec, pos] + ans + lv)
    rng.shuffle(rows)
    with open(os.path.join(a.dir, 'stress.csv'), 'w', encoding='utf-8') as f:
        for r in [head] + rows:
            f.write(';'.join(r) + '\n')


if __name__ == '__main__':
    main()
