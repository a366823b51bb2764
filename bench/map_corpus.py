#!/usr/bin/env python3
"""A map-heavy site for bench/maps.sh: the outreach corpus of ../shared/bench/gen_corpus.py with
its places replaced by N places (default 5,000) around Zhengzhou, one district holding 1,000 of
them within a few kilometres (the dense case: 100+ demonstration units in one district).

Usage: bench/map_corpus.py CORPUS_YIYONG_DIR [N]
"""
import os, random, shutil, sys

KINDS = ["theme_park", "corridor", "garden", "square", "demonstration_unit", "work_station", "museum", "volunteer_base"]
DISTRICTS = ["中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区", "郑东新区", "高新区", "经开区", "航空港区"]

def main():
    root, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    r = random.Random(18)
    places = os.path.join(root, "content", "places")
    for f in os.listdir(places):
        if f != "_index.md":
            os.remove(os.path.join(places, f))
    events = os.path.join(root, "content", "events")
    if os.path.isdir(events):  # events name the old places as venues
        shutil.rmtree(events)
        os.makedirs(events)
        with open(os.path.join(events, "_index.md"), "w", encoding="utf-8") as f:
            f.write('+++\ntitle = "活动"\nsort_by = "date"\ntemplate = "events.html"\npage_template = "event.html"\n+++\n')
    for i in range(n):
        if i < 1000:  # the dense district: 1,000 units in about 4 km × 4 km
            d, k = "管城回族区", "demonstration_unit"
            lat, lon = 34.73 + r.random() * 0.036, 113.68 + r.random() * 0.044
        else:
            d, k = r.choice(DISTRICTS), r.choice(KINDS)
            lat, lon = 34.5 + r.random(), 113.2 + r.random()
        with open(os.path.join(places, f"p{i:05d}.md"), "w", encoding="utf-8") as f:
            f.write(f'+++\ntitle = "{d}见义勇为{k}{i}"\n[taxonomies]\ndistricts = ["{d}"]\n'
                    f'[extra.place]\nkind = "{k}"\naddress = "郑州市{d}某路{r.randint(1, 300)}号"\n'
                    f'district = "{d}"\nhours = "8:00—18:00"\n'
                    f'[extra.place.coordinates]\nlat = {lat:.6f}\nlon = {lon:.6f}\n+++\n{d}的见义勇为宣传阵地。\n')
    print(f"{n} places in {places}")

main()
