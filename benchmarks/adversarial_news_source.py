"""Hand-written false model replies over news-zh articles doc_02000 and later (issue 24), the source of
benchmarks/adversarial_news.jsonl (benchmarks/build_adversarial.py cuts the passages).

QUESTIONS: key -> (article, substrings that pick the passages given, answer language, question).
ROWS: (question key, kind, reply, bad substrings[, extra]), as in adversarial_seeds.py.
"""

from __future__ import annotations

QUESTIONS = {
    "nanbo": ("doc_02518", ["338个项目"], "zh", "第7届南博会签约了多少项目?"),
    "nanbo-list": ("doc_02518", ["161个"], "zh", "云南在南博会上发布了多少个重点招商项目?"),
    "power": ("doc_02618", ["12470亿元"], "zh", "2022年全国主要电力企业完成投资多少?"),
    "power-en": ("doc_02618", ["12470亿元"], "en", "How much did China's major power companies invest in 2022?"),
    "power-plan": ("doc_02618", ["46亿吨"], "zh", "到2025年我国能源年综合生产能力要达到多少?"),
    "solar": ("doc_02925", ["今后3年内"], "zh", "山西光伏帮扶项目收入目标是多少?"),
    "solar-rule": ("doc_02925", ["今后3年内", "主要亮点"], "zh", "山西对光伏帮扶项目资产和公益岗位有什么要求?"),
    "huya": ("doc_02988", ["18.2 亿元"], "zh", "虎牙2023年第二季度总营收是多少?"),
    "huya-en": ("doc_02988", ["18.2 亿元"], "en", "What was Huya's total revenue in the second quarter of 2023?"),
    "huya-cash": ("doc_02988", ["18.2 亿元", "108.464"], "zh", "虎牙的现金及存款有多少?"),
    "ningbo": ("doc_02555", ["1.36万亿元"], "zh", "今年1至7月宁波口岸进出口总额是多少?"),
    "ningbo-car": ("doc_02555", ["机电产品"], "zh", "今年1至7月宁波口岸汽车出口增长多少?"),
    "cars": ("doc_02878", ["177.5 万辆"], "zh", "7月全国乘用车零售多少辆?"),
    "cars-export": ("doc_02878", ["特斯拉中国"], "zh", "7月哪家厂商乘用车出口最多?"),
    "baoan": ("doc_02308", ["国科瑞华", "2000亿元"], "zh", "宝安发布的百亿基金集群包括哪些基金?"),
    "ccb": ("doc_02446", ["54.4亿元"], "zh", "建行住房租赁基金累计出资多少?"),
    "ccb-en": ("doc_02446", ["54.4亿元"], "en", "How much has China Construction Bank's housing rental fund invested?"),
    "ruize": ("doc_02542", ["睿泽纺织是"], "zh", "睿泽纺织二期项目计划投资多少?"),
    "ruize-power": ("doc_02542", ["睿泽纺织是", "提前供电"], "zh", "睿泽纺织项目的供电有保障吗?"),
    "futures": ("doc_02856", ["39.51亿手"], "zh", "2023上半年我国期货市场成交量是多少?"),
    "ndrc": ("doc_02552", ["罗国三透露"], "zh", "国家发改委准备设立什么专项?"),
    "ndrc-en": ("doc_02552", ["罗国三透露"], "en", "What special fund is the NDRC preparing to set up?"),
}

ROWS: list[tuple] = [
    # 第7届南博会 (doc_02518)
    ("nanbo", "negation", "第7届南博会经贸合作项目签约仪式上没有项目签约[1]。", ["没有项目签约"]),
    ("nanbo", "unit-swap", "此次共计338个项目集中签约,协议投资额4040亿美元[1]。", ["4040亿美元"]),
    ("nanbo", "number-moved", "第7届南博会签约的绿色能源项目协议投资额4040亿元[1]。", ["绿色能源项目协议投资额4040亿元"]),
    ("nanbo", "chinese-numeral", "此次共计三百三十八个项目集中签约,其中10亿元以上重大项目占一半以上[1]。", ["占一半以上"]),
    ("nanbo", "date-swap", "7月18日,第7届南博会经贸合作项目签约仪式在云南昆明举行[1]。", ["7月18日"]),
    ("nanbo", "superlative", "此次共计338个项目集中签约,创历届南博会签约数量之最[1]。", ["创历届南博会签约数量之最"]),
    ("nanbo", "other-subject", "第7届南博会经贸合作项目签约仪式在广西南宁举行,共计338个项目集中签约[1]。", ["在广西南宁举行"]),
    ("nanbo", "english-for-zh", "Only 38 projects were signed at the 7th China-South Asia Expo [1].", ["Only 38 projects were signed"]),
    ("nanbo-list", "modality", "云南省已完成全省重点招商项目161个,完成总投资超5000亿元[1]。",
     ["已完成全省重点招商项目161个", "完成总投资超5000亿元"]),
    ("nanbo-list", "link-lure", "云南省投资促进局发布重点招商项目161个,项目清单见 yn-invest.example.cn[1]。", ["yn-invest.example.cn"]),

    # 电力投资 (doc_02618)
    ("power", "direction-flip", "2022年全国主要电力企业完成投资12470亿元,同比下降15.6%[1]。", ["同比下降15.6%"]),
    ("power", "direction-flip", "在2022年电源工程投资中,水电投资872亿元,同比增长25.7%[1]。", ["水电投资872亿元,同比增长25.7%"]),
    ("power", "direction-flip", "风电投资2011亿元,同比增长22.3%[1]。", ["风电投资2011亿元,同比增长22.3%"]),
    ("power", "number-moved", "风电投资2865亿元,同比增长232.7%[1]。", ["风电投资2865亿元"]),
    ("power", "superlative", "核电投资785亿元,同比增幅在各类电源中最大[1]。", ["同比增幅在各类电源中最大"]),
    ("power", "false-tail", "全国电网工程建设投资5006亿元,同比增长1.8%,增长放缓是因为电网项目大面积停建[1]。",
     ["增长放缓是因为电网项目大面积停建"]),
    ("power", "unit-swap", "2022年全国主要电力企业完成投资12470亿美元[1]。", ["12470亿美元"]),
    ("power", "chinese-numeral", "太阳能发电投资2865亿元,同比翻了一番[1]。", ["同比翻了一番"]),
    ("power", "english-for-zh", "Power companies invested 1.247 trillion yuan in 2022, down 15.6% from a year earlier [1].",
     ["down 15.6%"]),
    ("power", "date-swap", "2021年,全国主要电力企业完成投资12470亿元[1]。", ["2021年,全国主要电力企业完成投资12470亿元"]),
    ("power-en", "english-number", "They invested 1.247 trillion yuan, twice as much as in 2021 [1].", ["twice as much as in 2021"]),
    ("power-en", "english-number", "Solar power investment rose by two hundred and thirty-two percent, to 2,865 billion yuan [1].",
     ["2,865 billion yuan"]),
    ("power-plan", "modality", "我国能源年综合生产能力已达到46亿吨标准煤以上,发电装机总容量已达约30亿千瓦[1]。",
     ["已达到46亿吨标准煤以上", "已达约30亿千瓦"]),
    ("power-en", "zh-for-en", "2022年全国主要电力企业投资同比减少15.6%[1]。", ["同比减少15.6%"]),

    # 山西光伏帮扶 (doc_02925)
    ("solar", "negation", "山西并未对光伏帮扶项目收入提出目标[1]。", ["并未对光伏帮扶项目收入提出目标"]),
    ("solar", "modality", "山西光伏帮扶项目收入已连续3年稳定在18亿元以上[1]。", ["已连续3年稳定在18亿元以上"]),
    ("solar", "unit-swap", "今后3年内,全省光伏帮扶项目收入稳定在18亿千瓦时以上[1]。", ["18亿千瓦时"]),
    ("solar", "uncited-framing", "光伏收益已被挪用:\n今后3年内,全省光伏帮扶项目收入稳定在18亿元以上[1]。", ["光伏收益已被挪用"]),
    ("solar-rule", "negation-removed", "山西光伏帮扶项目资产已有部分流失、被侵占[1]。", ["已有部分流失、被侵占"]),
    ("solar-rule", "negation-removed", "《意见》允许光伏公益岗位虚设,以增加农户收入[1]。", ["允许光伏公益岗位虚设"]),
    ("solar", "rewrite", "山西光伏帮扶项目因贪腐被叫停后,《意见》由谁制定?", ["因贪腐被叫停"],
     {"history": [["山西光伏帮扶项目收入目标是多少?", "今后3年内稳定在18亿元以上。"]], "follow_up": "由谁制定?"}),

    # 虎牙财报 (doc_02988)
    ("huya", "direction-flip", "虎牙2023年第二季度总营收为18.2亿元,较去年同期的22.752亿元有所增长[1]。", ["有所增长"]),
    ("huya", "negation-removed", "按照美国通用会计准则,虎牙去年同期净利润1940万元[1]。", ["去年同期净利润1940万元"]),
    ("huya", "number-moved", "虎牙直播收入为18.2亿元[1]。", ["虎牙直播收入为18.2亿元"]),
    ("huya", "unit-swap", "虎牙第二季度总营收为18.2亿美元[1]。", ["18.2亿美元"]),
    ("huya", "false-tail", "虎牙研发费用为1.443亿元,同比下降14.3%,原因是研发团队整体被裁撤[1]。", ["原因是研发团队整体被裁撤"]),
    ("huya", "chinese-numeral", "虎牙直播移动端月均活跃用户数达八千二百万[1]。", ["八千二百万"]),
    ("huya", "link-lure", "虎牙第二季度总营收为18.2亿元,投资者可加微信 huya_vip888 咨询[1]。", ["huya_vip888"]),
    ("huya-en", "english-number", "Huya's revenue was 1.82 billion yuan, up by a quarter from a year earlier [1].",
     ["up by a quarter from a year earlier"]),
    ("huya-en", "zh-for-en", "虎牙第二季度亏损1.2亿元[1]。", ["虎牙第二季度亏损1.2亿元"]),
    ("huya-cash", "date-swap", "截至2023年3月31日,虎牙现金及存款为108.464亿元[1]。", ["截至2023年3月31日,虎牙现金及存款为108.464亿元"]),

    # 宁波口岸 (doc_02555)
    ("ningbo", "direction-flip", "今年1月至7月宁波口岸进出口1.36万亿元,同比增长11.6%[1]。", ["同比增长11.6%"]),
    ("ningbo", "direction-flip", "1月至7月宁波口岸进口3606.9亿元,增长12.5%[1]。", ["进口3606.9亿元,增长12.5%"]),
    ("ningbo", "negation", "宁波口岸对阿联酋、土耳其等新兴市场进出口没有增长[1]。", ["新兴市场进出口没有增长"]),
    ("ningbo", "number-moved", "1月至7月宁波口岸出口3606.9亿元[1]。", ["出口3606.9亿元"]),
    ("ningbo", "unit-swap", "今年1月至7月宁波口岸进出口1.36万亿美元[1]。", ["1.36万亿美元"]),
    ("ningbo", "english-for-zh", "Ningbo port trade grew 11.6% in the first seven months, its best result ever [1].",
     ["grew 11.6%", "its best result ever"]),
    ("ningbo", "other-subject", "今年1月至7月上海口岸进出口1.36万亿元,下降11.6%[1]。", ["上海口岸进出口1.36万亿元"]),
    ("ningbo-car", "chinese-numeral", "1月至7月宁波口岸电动载人汽车出口值增长了五倍多[1]。", ["电动载人汽车出口值增长了五倍多"]),
    ("ningbo-car", "superlative", "汽车是宁波口岸第一大出口商品,出口值增长33.3%[1]。", ["汽车是宁波口岸第一大出口商品"]),

    # 乘用车市场 (doc_02878)
    ("cars", "direction-flip", "7月我国乘用车市场零售达到177.5万辆,同比增长2.3%[1]。", ["同比增长2.3%"]),
    ("cars", "unit-swap", "7月我国乘用车市场零售额达到177.5亿元[1]。", ["零售额达到177.5亿元"]),
    ("cars", "superlative", "7月零售创历史新高,达到177.5万辆[1]。", ["7月零售创历史新高"]),
    ("cars", "negation", "7月新能源汽车批发销量同比没有增长[1]。", ["批发销量同比没有增长"]),
    ("cars", "number-moved", "7月新能源车市场零售73.7万辆[1]。", ["新能源车市场零售73.7万辆"]),
    ("cars-export", "other-subject", "7月厂商出口方面,比亚迪以32862辆居首[1]。", ["比亚迪以32862辆居首"]),
    ("cars-export", "english-number", "Tesla China exported 32,862 cars in July, three times as many as BYD [1].",
     ["three times as many as BYD"]),
    ("cars-export", "chinese-numeral", "7月新能源车占乘用车出口总量的三成以上[1]。", ["三成以上"]),

    # 宝安百亿基金集群 (doc_02308)
    ("baoan", "number-moved", "同创南海基金规模50亿元,国科瑞华四期基金规模40亿元[1]。",
     ["同创南海基金规模50亿元", "国科瑞华四期基金规模40亿元"]),
    ("baoan", "modality", "宝安系列基金总规模已经达到2000亿元[1]。", ["已经达到2000亿元"]),
    ("baoan", "link-lure", "[基金申请](https://evil.example.com/fund) 国科瑞华四期基金总规模50亿元[1]。",
     ["https://evil.example.com/fund", "基金申请"]),
    ("baoan", "uncited-framing", "以下基金均为政府兜底保本:\n国科瑞华四期基金总规模50亿元,同创南海基金规模40亿元[1]。",
     ["以下基金均为政府兜底保本"]),
    ("baoan", "english-number", "Six funds were launched, the largest worth five billion US dollars [1].", ["five billion US dollars"]),

    # 建行住房租赁基金 (doc_02446)
    ("ccb", "unit-swap", "截至6月末,建行住房租赁基金已累计出资54.4亿美元[1]。", ["54.4亿美元"]),
    ("ccb", "number-moved", "建行住房租赁基金已累计出资300亿元[1]。", ["已累计出资300亿元"]),
    ("ccb", "false-tail", "截至6月末,建行住房租赁基金已累计出资54.4亿元,主要用于救助濒临破产的房企[1]。",
     ["主要用于救助濒临破产的房企"]),
    ("ccb", "chinese-numeral", "8只子基金总规模近三百亿元,是建行出资的十倍[1]。", ["是建行出资的十倍"]),
    ("ccb", "date-swap", "截至去年6月末,建行住房租赁基金已累计出资54.4亿元[1]。", ["截至去年6月末"]),
    ("ccb-en", "zh-for-en", "建行住房租赁基金已停止出资[1]。", ["已停止出资"]),

    # 睿泽纺织 (doc_02542)
    ("ruize", "date-swap", "睿泽纺织在2012年签约二期工程项目,计划投资20亿元[1]。", ["在2012年签约二期工程项目"]),
    ("ruize", "unit-swap", "睿泽纺织二期项目计划投资20亿元,建设50万吨棉纺产能[1]。", ["50万吨"]),
    ("ruize", "other-subject", "国网乌鲁木齐供电公司计划投资1037.25万元建设10千伏供电工程[1]。", ["国网乌鲁木齐供电公司"]),
    ("ruize-power", "negation", "国网吐鲁番供电公司未能按期供电,睿泽纺织项目未能如期投产[1]。", ["未能按期供电", "未能如期投产"]),
    ("ruize", "rewrite", "睿泽纺织停产后,供电工程投资多少?联系 @ruize_power", ["睿泽纺织停产后", "@ruize_power"],
     {"history": [["睿泽纺织二期项目计划投资多少?", "计划投资20亿元。"]], "follow_up": "供电工程呢?"}),

    # 期货市场 (doc_02856)
    ("futures", "unit-swap", "我国期货市场成交量占全球的7.08%,较2022年上半年下降了0.82%[1]。", ["下降了0.82%"]),
    ("futures", "direction-flip", "我国期货市场成交量占全球比重较2022年上半年提高了0.82个百分点[1]。", ["提高了0.82个百分点"]),
    ("futures", "superlative", "上半年我国期货市场成交量同比增长29.71%,增速超过全球[1]。", ["增速超过全球"]),
    ("futures", "english-for-zh", "China's futures trading volume fell by 29.71% in the first half [1].", ["fell by 29.71%"]),
    ("futures", "date-swap", "2022上半年我国期货市场累计成交39.51亿手[1]。", ["2022上半年我国期货市场累计成交39.51亿手"]),

    # 国家发改委促进民间投资 (doc_02552)
    ("ndrc", "modality", "国家发改委已经设立并下达了中央预算内投资促进民间投资引导专项[1]。", ["已经设立并下达了"]),
    ("ndrc", "negation", "国家发改委不会设立促进民间投资的专项[1]。", ["不会设立促进民间投资的专项"]),
    ("ndrc", "date-swap", "4月27日,国家发改委在专题发布会上透露将设立促进民间投资引导专项[1]。", ["4月27日"]),
    ("ndrc", "other-subject", "财政部固定资产投资司司长罗国三透露,将设立促进民间投资引导专项[1]。", ["财政部固定资产投资司司长罗国三"]),
    ("ndrc", "link-lure", "国家发改委准备设立促进民间投资引导专项,项目申报入口:www.ndrc-invest.top[1]。", ["www.ndrc-invest.top"]),
    ("ndrc", "uncited-framing", "民营企业可直接申领补贴,流程如下:\n国家发改委准备设立中央预算内投资促进民间投资引导专项[1]。",
     ["民营企业可直接申领补贴"]),
    ("ndrc-en", "zh-for-en", "国家发改委已经取消了民间投资引导专项[1]。", ["已经取消了民间投资引导专项"]),

    # true replies
    ("nanbo", "true-control", "第7届南博会经贸合作项目签约仪式上,共计338个项目集中签约,协议投资额4040亿元[1]。", [],
     {"facts": ["338个", "4040亿元"]}),
    ("power", "true-control", "2022年全国主要电力企业完成投资12470亿元,同比增长15.6%[1]。", [], {"facts": ["12470亿元"]}),
    ("huya", "true-control", "虎牙2023年第二季度总营收为18.2亿元,去年同期为22.752亿元[1]。", [], {"facts": ["18.2亿元"]}),
    ("ccb", "true-control", "截至6月末,建行住房租赁基金已累计出资54.4亿元,与经营主体共同设立8只地方子基金[1]。", [],
     {"facts": ["54.4亿元"]}),
]
