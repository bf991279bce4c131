"""Hand-written false model replies over news-zh articles doc_02000 and later (issue 24), the source of
benchmarks/adversarial_news.jsonl (benchmarks/build_adversarial.py cuts the passages).

QUESTIONS: key -> (article, substrings that pick the passages given, answer language, question).
ROWS: (question key, kind, reply, bad substrings[, extra]), as in adversarial_seeds.py.
CALIBRATION_ROWS: the same shape, all calibration, appended after ROWS.
HELDOUT_ROWS: the same shape, all held-out, from articles no other row uses, numbered from news-301.
LATE_CALIBRATION_ROWS: the same shape, all calibration, written later, numbered from news-401.
FIFTH_CALIBRATION_ROWS: the same shape, all calibration, from articles no other row uses, numbered from
news-501; written before the check was run on them.
SECOND_HELDOUT_ROWS: the same shape, all held-out, from articles no other row uses (nor the fifth
calibration batch), numbered from news-601; written with the fifth calibration batch, only ever measured.
SIXTH_CALIBRATION_ROWS: the same shape, all calibration, from six articles no other row uses, numbered from
news-701; written before the check was run on them.
SEVENTH_CALIBRATION_ROWS: the same shape, all calibration, from four articles no other row uses (auto exports,
a Brazilian hydrogen station, Hubei's postdoctoral plans, MediaTek's results call), numbered from news-801; written
before the check was run on them.
Besides the kinds of adversarial_seeds.py, these three batches use three more: qualifier-swap (a true figure
with a wrong qualifier: 环比 for 同比, 累计 for 当月, 以下 for 以上, 至少 for 不超过), ratio-inverted (a share
or ratio turned round) and title-swap (a person named with another title).
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
    # calibration only (CALIBRATION_ROWS)
    "auto": ("doc_02174", ["240.1万辆"], "zh", "7月汽车产销分别是多少?"),
    "auto-nev": ("doc_02174", ["240.1万辆", "10.1万辆"], "zh", "7月新能源汽车出口多少?"),
    "cpi": ("doc_02141", ["CPI同比下降0.3%"], "zh", "7月份CPI同比变化多少?"),
    "ppi": ("doc_02141", ["PPI"], "zh", "7月份PPI同比下降多少?"),
    "swire": ("doc_02269", ["515.4亿元"], "zh", "太古集团2023年上半年收入多少?"),
    "swire-prop": ("doc_02269", ["72.97亿元"], "zh", "太古地产上半年收入多少?"),
    "charge": ("doc_02238", ["221.1万台"], "zh", "截至2023年7月公共充电桩有多少台?"),
    "charge-power": ("doc_02238", ["32.5亿度"], "zh", "2023年7月全国充电总电量是多少?"),
    "storage": ("doc_02142", ["52.2%", "56.4%"], "zh", "7月中国仓储指数是多少?"),
    "export": ("doc_02290", ["负增长9.2%"], "zh", "7月出口同比增长多少?"),
    "cgarden": ("doc_02290", ["碧桂园两笔"], "zh", "碧桂园的美元债票息付了吗?"),
    "market": ("doc_02290", ["上证指数跌幅"], "zh", "8月8日A股收盘上证指数跌了多少?"),
    "pom": ("doc_02338", ["没有新建产能计划"], "zh", "云天化有扩产计划吗?"),
    "pom-cap": ("doc_02338", ["9万吨"], "zh", "云天化POM年产能是多少?"),
    "silver": ("doc_02371", ["义务教育阶段招募100名"], "zh", "重庆今年银龄讲学计划招募多少名退休教师?"),
    "silver-rule": ("doc_02371", ["原单位返聘"], "zh", "原单位返聘的退休教师能列入银龄讲学计划吗?"),
    "hk": ("doc_02399", ["6.1万宗"], "zh", "截至6月30日香港输入人才计划批出多少宗申请?"),
    "hk-tts": ("doc_02399", ["250万港元"], "zh", "高才通计划对年薪有什么要求?"),
    "hk-qmas": ("doc_02399", ["7022宗"], "zh", "今年上半年优才计划有多少宗申请获批?"),
    "lanjian": ("doc_02321", ["18.08元"], "zh", "蓝箭电子实际募资多少?"),
    "huayang": ("doc_02321", ["华洋赛车"], "zh", "华洋赛车2023年上半年营业收入是多少?"),
    "dividend": ("doc_02109", ["3234家"], "zh", "已实施2022年年报利润分配的上市公司分红总额是多少?"),
    "yield": ("doc_02109", ["3.12%"], "zh", "沪深300指数股息率是多少?"),
    "card": ("doc_02354", ["1.03万亿美元"], "zh", "美国第二季度信用卡余额是多少?"),
    "card-debt": ("doc_02354", ["17.06万亿美元"], "zh", "美国家庭债务总额是多少?"),
    "mgl": ("doc_02293", ["32.3亿元"], "zh", "盟固利2022年营业收入是多少?"),
    "mgl-ipo": ("doc_02293", ["1742.48%"], "zh", "盟固利上市首日收盘涨幅多少?"),
    # second calibration batch (CALIBRATION_ROWS, December)
    "amat": ("doc_02959", ["Q3营收为64.3亿美元"], "zh", "应用材料2023财年第三季度营收是多少?"),
    "amat-en": ("doc_02959", ["约5%的晶圆厂设备"], "en", "How much of Applied Materials' equipment is for the AI market?"),
    "sugar": ("doc_02169", ["3170万吨"], "zh", "印度2023/24年食糖产量预计是多少?"),
    "sugar-export": ("doc_02169", ["610万吨"], "zh", "印度2022/23年食糖出口上限是多少?"),
    "nanling": ("doc_02219", ["主营收入2.82亿元"], "zh", "南凌科技2023年上半年主营收入是多少?"),
    "hk814": ("doc_02375", ["碧桂园跌15.31%", "金沙中国有限公司"], "zh", "8月14日港股碧桂园跌了多少?"),
    # third calibration batch (CALIBRATION_ROWS, December), of the kinds the held-out batch still leaks
    "baijiu": ("doc_02198", ["调整幅度达50%左右"], "zh", "高端白酒股价过去三年调整幅度有多大?"),
    "baijiu-home": ("doc_02198", ["15倍左右", "仍然较低"], "zh", "家居龙头公司今年的市盈率是多少?"),
    "guns": ("doc_02651", ["419起"], "zh", "美国今年迄今发生了多少起大规模枪击事件?"),
    "guns-dc": ("doc_02651", ["至少6人死亡"], "zh", "美国首都华盛顿5日的枪击事件造成多少人死亡?"),
    "pig": ("doc_02646", ["8.58元/斤"], "zh", "8月16日屠企生猪报价是多少?"),
    # second held-out batch (HELDOUT_ROWS, December), written before the check was changed again
    "uscpi": ("doc_02588", ["未季调CPI同比增长3.2%"], "zh", "美国7月CPI同比增长多少?"),
    "uscpi-fed": ("doc_02588", ["9月19日至20日"], "zh", "交易员认为美联储9月加息的可能性有多大?"),
    "buick": ("doc_02714", ["169 马力"], "zh", "新君威的发动机最大功率是多少?"),
    "buick-en": ("doc_02714", ["169 马力"], "en", "How powerful is the new Buick Regal's engine?"),
    "buick-e5": ("doc_02714", ["3587 台"], "zh", "别克E5车型6月交付了多少台?"),
    "nature": ("doc_02260", ["2026年完成"], "zh", "美国全国自然评估计划何时完成?"),
    "nature-decline": ("doc_02260", ["68%"], "zh", "自1970年以来全球脊椎动物数量下降了多少?"),
    "hk816": ("doc_02258", ["中国神华涨0.22%"], "zh", "中国神华前7月煤炭销售量是多少?"),
    "hk816-weimob": ("doc_02258", ["微盟集团涨3.39%"], "zh", "微盟集团上半年收入是多少?"),
    # third calibration batch (written before the check's third round was measured on it)
    "hk818": ("doc_02323", ["恒生指数跌2.05%"], "zh", "8月18日恒生指数跌了多少?"),
    "hk818-ev": ("doc_02323", ["海通国际指出"], "zh", "机构怎么看新能源汽车价格战?"),
    "hk818-food": ("doc_02323", ["餐饮股下挫"], "zh", "九毛九跌了多少?"),
    "hk818-evergrande": ("doc_02323", ["恒大系大跌"], "zh", "恒大汽车跌了多少?"),
    "swire-coke": ("doc_02597", ["经常性溢利为港币16.27亿元"], "zh", "太古可口可乐上半年经常性溢利多少?"),
    "swire-coke-cn": ("doc_02597", ["中国内地业务的收益为港币139.36亿元"], "zh", "太古可口可乐中国内地业务收益多少?"),
    "ukcpi": ("doc_02423", ["7月英国CPI同比上涨6.8%"], "zh", "英国7月CPI同比上涨多少?"),
    "ukcpi-us": ("doc_02423", ["美国的7月CPI年率"], "zh", "美国7月CPI年率是多少?"),
    "stocks-case": ("doc_02668", ["228万元价格出售", "转出73万元"], "zh", "涉案房屋卖了多少钱?"),
    # fourth calibration batch (December), of the kinds the held-out half still leaks; written before it was measured
    "fish": ("doc_02116", ["184万尾鱼苗"], "zh", "黑龙江省连续两天向松花江放流了多少鱼苗?"),
    "fish-daqing": ("doc_02116", ["82.5万尾"], "zh", "大庆市肇源现场活动放流了多少苗种?"),
    "airbus": ("doc_02793", ["综合收入 277 亿欧元"], "zh", "空客2023年上半年综合收入是多少?"),
    "airbus-en": ("doc_02793", ["综合收入 277 亿欧元"], "en", "What was Airbus's revenue in the first half of 2023?"),
    "airbus-orders": ("doc_02793", ["1080 架订单"], "zh", "空客上半年获得多少架民用飞机订单?"),
    "airbus-plan": ("doc_02793", ["A321XLR"], "zh", "空客A321XLR飞机什么时候投入运营?"),
    "voyah": ("doc_02753", ["岚图汽车已与武汉军山新城"], "zh", "岚图汽车与哪里签订了战略合作协议?"),
    "voyah-brand": ("doc_02753", ["三年三品类"], "zh", "岚图汽车推出了哪些产品品类?"),
    "hlj-air": ("doc_02699", ["95.9%"], "zh", "2022年黑龙江全省优良天数比率是多少?"),
    "hlj-energy": ("doc_02699", ["2070万千瓦"], "zh", "黑龙江新能源发电装机有多少?"),
    "astock": ("doc_02247", ["80%以上"], "zh", "股票私募仓位指数7月以来是多少?"),
    "astock-outlook": ("doc_02247", ["罗志恒表示", "重阳投资表示"], "zh", "机构怎么看资本市场改革和后市?"),
    # fifth calibration batch (FIFTH_CALIBRATION_ROWS, news-501 on)
    "brk": ("doc_02045", ["925.03亿美元"], "zh", "伯克希尔2023年第二季度营收和利润是多少?"),
    "brk-en": (
        "doc_02045",
        ["925.03亿美元"],
        "en",
        "What were Berkshire Hathaway's second-quarter 2023 revenue and earnings?",
    ),
    "brk-invest": ("doc_02045", ["242亿美元"], "zh", "伯克希尔二季度投资收益、总资产和股票买卖情况如何?"),
    "brk-hold": ("doc_02045", ["1776亿美元"], "zh", "伯克希尔二季度的重仓股、回购和现金储备情况如何?"),
    "gac": ("doc_02902", ["189,199"], "zh", "广汽集团7月汽车销量是多少?"),
    "gac-nev": ("doc_02902", ["47,344"], "zh", "广汽集团7月新能源汽车产销多少?"),
    "gac-hyper": ("doc_02902", ["Hyper GT"], "zh", "广汽埃安昊铂GT卖多少钱、7月销量多少?"),
    "gac-en": ("doc_02902", ["189,199"], "en", "How many vehicles did GAC Group sell in July?"),
    "hmm-ship": ("doc_02522", ["38000吨多用途重吊船建造合同"], "zh", "黄埔文冲与韩国HMM签了什么订单?"),
    "hmm-co": ("doc_02522", ["成立于1976年3月25日"], "zh", "HMM是一家什么样的公司?"),
    "hmm-both": (
        "doc_02522",
        ["38000吨多用途重吊船建造合同", "成立于1976年3月25日"],
        "zh",
        "黄埔文冲接过哪些重吊船订单?",
    ),
    "rok": ("doc_02781", ["实际兵力仅为48万人"], "zh", "去年年底韩军实际兵力有多少?"),
    "rok-en": (
        "doc_02781",
        ["实际兵力仅为48万人"],
        "en",
        "How many troops did South Korea's military have at the end of last year?",
    ),
    "rok-plan": ("doc_02781", ["国防中期计划"], "zh", "韩国军方对今后的兵力有什么计划和预测?"),
    "laos": ("doc_02639", ["9小时26分"], "zh", "昆明南到万象的国际旅客列车现在全程要多久?"),
    "laos-riders": ("doc_02639", ["约4.2万名旅客"], "zh", "中老铁路国际旅客列车开行以来有多少旅客乘坐?"),
    # a second held-out batch (SECOND_HELDOUT_ROWS, news-601 on), over articles no other row uses
    "catl": ("doc_02919", ["石墨快离子环"], "zh", "宁德时代神行超充电池有什么特点?"),
    "catl-when": ("doc_02919", ["石墨快离子环", "即刻开始生产"], "zh", "神行超充电池什么时候量产、什么时候能买到?"),
    "catl-s7": ("doc_02919", ["LUXEED"], "zh", "宁德时代半年报里动力电池有什么进展?"),
    "brill": ("doc_02050", ["廉政公署"], "zh", "华晨中国董事会主席吴小安出了什么事?"),
    "brill-plan": ("doc_02050", ["164亿元"], "zh", "华晨集团的重整计划是怎样的?"),
    "brill-en": (
        "doc_02050",
        ["164亿元"],
        "en",
        "How much will Shenyang Automotive pay in Brilliance Group's restructuring?",
    ),
    "liu": ("doc_02776", ["国家数据局首任局长"], "zh", "刘烈宏为什么辞去中国联通的职务?"),
    "liu-career": ("doc_02776", ["管理学博士", "第四次职务调整"], "zh", "刘烈宏有哪些任职经历?"),
    "jinling": ("doc_02458", ["长航南海"], "zh", "长航南海轮是什么船,什么时候首航?"),
    "jinling-deal": ("doc_02458", ["2021年3月5日"], "zh", "长航集团的59000吨散货船是什么时候签约、交付的?"),
    "ali": ("doc_02712", ["二氧化碳净排放"], "zh", "阿里巴巴2023财年的碳排放情况如何?"),
    "ali-gov": ("doc_02712", ["独立董事占比"], "zh", "阿里巴巴ESG报告披露了哪些公司治理和社会责任数据?"),
    "ali-en": ("doc_02712", ["二氧化碳净排放"], "en", "How much carbon did Alibaba emit and cut in fiscal 2023?"),
    # sixth calibration batch (SIXTH_CALIBRATION_ROWS, news-701 on), over articles no other row uses
    "linglong": ("doc_02194", ["吊装成功"], "zh", "“玲龙一号”反应堆核心模块吊装进展如何?"),
    "linglong-plan": ("doc_02194", ["土建工作已完成85%"], "zh", "“玲龙一号”什么时候并网发电,建成后每年能发多少电?"),
    "linglong-both": ("doc_02194", ["吊装成功", "土建工作已完成85%"], "zh", "“玲龙一号”目前建设到了哪一步?"),
    "linglong-en": (
        "doc_02194",
        ["土建工作已完成85%"],
        "en",
        "How much power will the Linglong One reactor generate each year once it runs?",
    ),
    "gdjk": ("doc_02892", ["拟募资4.8125亿元"], "zh", "广东建科创业板IPO拟募资多少,公司是做什么的?"),
    "gdjk-fin": ("doc_02892", ["11.15亿元"], "zh", "广东建科近三年的营业收入和净利润是多少?"),
    "gdjk-share": ("doc_02892", ["11.15亿元", "毛利率有所回升"], "zh", "广东建科在广东省内的市场份额怎么样?"),
    "gdjk-en": ("doc_02892", ["11.15亿元"], "en", "What were Guangdong Jianke's revenue and net profit in 2022?"),
    "wuchang": ("doc_02624", ["6家单位"], "zh", "首个全国生态日有哪些机构入驻中碳登大厦?"),
    "wuchang-carbon": ("doc_02624", ["总投资达459亿元"], "zh", "武昌区在碳金融和气候投融资方面有哪些成绩?"),
    "wuchang-both": ("doc_02624", ["6家单位", "总投资达459亿元"], "zh", "武昌区全国生态日当天举行了哪些活动?"),
    "dairy": ("doc_02282", ["2083.46亿元"], "zh", "世界奶业大会全产业链招商推介会取得了什么成果?"),
    "dairy-en": (
        "doc_02282",
        ["2083.46亿元"],
        "en",
        "How much investment and trade did the World Dairy Summit's investment fair bring in?",
    ),
    "dairy-close": ("doc_02282", ["赵娜"], "zh", "世界奶业大会是什么时候开幕的,招商签约有什么意义?"),
    "uxin": ("doc_02548", ["2,259辆"], "zh", "优信集团2023年第一季度零售交易量和毛利率是多少?"),
    "uxin-fy": ("doc_02548", ["2,259辆"], "zh", "优信集团截至2023年3月31日的财年业绩如何?"),
    "uxin-en": (
        "doc_02548",
        ["2,259辆"],
        "en",
        "What was Uxin's total revenue for the fiscal year ended March 31, 2023?",
    ),
    "uxin-outlook": ("doc_02548", ["林峰表示"], "zh", "优信管理层对毛利率和盈利有什么预期?"),
    "uxin-both": ("doc_02548", ["2,259辆", "林峰表示"], "zh", "优信一季度经营情况怎么样,新车价格战有影响吗?"),
    "yuwan": ("doc_02486", ["六子堡隧道已于14日"], "zh", "渝万高铁六子堡隧道什么时候贯通?"),
    "yuwan-tunnel": ("doc_02486", ["六子堡隧道已于14日"], "zh", "六子堡隧道在哪里,有多长?"),
    "yuwan-en": (
        "doc_02486",
        ["六子堡隧道已于14日"],
        "en",
        "How long is the Liuzibao tunnel on the Chongqing-Wanzhou high-speed railway?",
    ),
    "yuwan-both": (
        "doc_02486",
        ["六子堡隧道已于14日", "提前一周贯通"],
        "zh",
        "六子堡隧道施工遇到了什么困难,是按期贯通的吗?",
    ),
    # seventh calibration batch (SEVENTH_CALIBRATION_ROWS, news-801 on), over articles no other row uses
    "autoexp": ("doc_02767", ["41.1 万辆"], "zh", "2023年6月我国汽车整车出口情况如何?"),
    "autoexp-h1": ("doc_02767", ["234.1 万辆"], "zh", "2023年上半年我国汽车出口多少,新能源汽车今年预计卖多少?"),
    "autoexp-both": ("doc_02767", ["41.1 万辆", "234.1 万辆"], "zh", "我国出口最多的是哪类汽车,新能源汽车表现如何?"),
    "h2br": ("doc_02445", ["425平方米"], "zh", "巴西圣保罗的乙醇制氢加氢站由谁建设,规模多大?"),
    "h2br-plan": ("doc_02445", ["3辆公交车"], "zh", "圣保罗乙醇制氢加氢站建成后怎么用,当地政府怎么表态?"),
    "h2br-both": ("doc_02445", ["425平方米", "3辆公交车"], "zh", "巴西乙醇制氢加氢站什么时候投产,有什么优势?"),
    "postdoc": ("doc_02796", ["20万元资助"], "zh", "湖北省博士后尖端人才引进计划怎么资助?"),
    "postdoc-track": ("doc_02796", ["5万元人才津贴"], "zh", "湖北省博士后优秀人才跟踪支持计划资助多少人,怎么支持?"),
    "postdoc-both": ("doc_02796", ["20万元资助", "5万元人才津贴"], "zh", "湖北启动了哪两项博士后人才计划,各有什么支持?"),
    "mtk": ("doc_02773", ["蔡力行表示"], "zh", "联发科CEO蔡力行怎么看手机市场和华为?"),
    "mtk-fin": ("doc_02773", ["981.35"], "zh", "联发科二季度营收和净利润是多少,市占率怎么样?"),
    "mtk-both": ("doc_02773", ["蔡力行表示", "981.35"], "zh", "联发科业绩说明会上说了什么?"),
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

# Written later to calibrate the check on a wider base: every row is calibration, appended after ROWS so the
# alternation and ids above stay as they were.
CALIBRATION_ROWS: list[tuple] = [
    # 中汽协7月汽车产销 (doc_02174)
    ("auto", "direction-flip", "7月,汽车产销分别完成240.1万辆和238.7万辆,同比分别增长2.2%和1.4%[1]。", ["同比分别增长2.2%和1.4%"]),
    ("auto", "negation", "7月新能源汽车产销同比没有增长[1]。", ["同比没有增长"]),
    ("auto", "superlative", "7月新能源汽车市场占有率达到32.7%,创历史最高[1]。", ["创历史最高"]),
    ("auto", "date-swap", "1-6月,汽车产销分别完成1565万辆和1562.6万辆[1]。", ["1-6月,汽车产销分别完成1565万辆"]),
    ("auto-nev", "number-moved", "7月新能源汽车产销分别完成459.1万辆和452.6万辆[1]。", ["7月新能源汽车产销分别完成459.1万辆"]),
    ("auto-nev", "unit-swap", "7月,新能源汽车出口10.1万台,同比增长87%[1]。", ["新能源汽车出口10.1万台"]),

    # 7月CPI (doc_02141)
    ("cpi", "direction-flip", "7月份,居民消费价格指数CPI同比上涨0.3%[1]。", ["CPI同比上涨0.3%"]),
    ("cpi", "negation", "7月份CPI环比并未上涨[1]。", ["CPI环比并未上涨"]),
    ("cpi", "number-moved", "7月份,飞机票价格上涨10.1%,旅游价格上涨26.0%[1]。", ["飞机票价格上涨10.1%", "旅游价格上涨26.0%"]),
    ("cpi", "date-swap", "国家统计局8月10日发布数据显示,7月份CPI同比下降0.3%[1]。", ["8月10日"]),
    ("cpi", "english-for-zh", "China's CPI rose 0.3% year on year in July [1].", ["rose 0.3% year on year"]),
    ("ppi", "modality", "专家表示,随着上年同期高基数影响消除,CPI已经逐步回升[1]。", ["CPI已经逐步回升"]),

    # 太古集团中期业绩 (doc_02269)
    ("swire", "unit-swap", "期内,太古收入515.4亿美元,按年升15%[1]。", ["515.4亿美元"]),
    ("swire", "number-moved", "期内,太古收入515.4亿元,按年升121%[1]。", ["收入515.4亿元,按年升121%"]),
    ("swire", "false-tail", "太古盈利42.21亿元,按年升121%,但航空部门仍在亏损[1]。", ["但航空部门仍在亏损"]),
    ("swire-prop", "modality", "去年,太古集团已完成1000亿元投资计划[1]。", ["已完成1000亿元投资计划"]),
    ("swire-prop", "negation", "期内,太古地产收入没有增长[1]。", ["太古地产收入没有增长"]),
    ("swire-prop", "other-subject", "太古旗下上海商场在今年第二季度保持强劲增长动力,零售销售额按年增长60%[1]。",
     ["太古旗下上海商场"]),

    # 充电基础设施 (doc_02238)
    ("charge", "unit-swap", "截至2023年7月,公共充电桩221.1万台,7月同比增长40.4个百分点[1]。", ["同比增长40.4个百分点"]),
    ("charge", "negation", "2023年7月比6月公共充电桩没有增加[1]。", ["公共充电桩没有增加"]),
    ("charge", "other-subject", "广东、浙江、江苏、重庆等地建设的公共充电桩占比达71.3%[1]。", ["重庆等地建设的公共充电桩"]),
    ("charge", "false-tail", "联盟内成员单位总计上报公共充电桩221.1万台,但其中三成已因故障停用[1]。", ["但其中三成已因故障停用"]),
    ("charge", "english-for-zh", "Public charging piles fell by 40.4% year on year in July [1].", ["fell by 40.4%"]),
    ("charge-power", "number-moved", "截至2023年7月,全国充电基础设施累计数量为692.8万台,同比增加48.4%[1]。",
     ["692.8万台,同比增加48.4%"]),
    ("charge-power", "superlative", "2023年7月全国充电总电量约32.5亿度,创历史新高[1]。", ["创历史新高"]),
    ("charge-power", "number-moved", "2023年1-7月,公共充电桩增量为130.5万台[1]。", ["公共充电桩增量为130.5万台"]),

    # 仓储指数 (doc_02142)
    ("storage", "direction-flip", "7月中国仓储指数为52.2%,较上月下降1.5个百分点[1]。", ["较上月下降1.5个百分点"]),
    ("storage", "unit-swap", "7月中国仓储指数为52.2%,较上月上升1.5%[1]。", ["较上月上升1.5%"]),
    ("storage", "number-moved", "7月业务量指数为54%,较上月上升3.7个百分点[1]。", ["业务量指数为54%"]),
    ("storage", "date-swap", "6月中国仓储指数为52.2%[1]。", ["6月中国仓储指数为52.2%"]),
    ("storage", "superlative", "7月中国仓储指数为52.2%,为年内最高水平[1]。", ["为年内最高水平"]),
    ("storage", "negation", "7月业务活动预期指数为56.4%,并未处于扩张区间[1]。", ["并未处于扩张区间"]),

    # 7月出口与碧桂园 (doc_02290)
    ("export", "direction-flip", "7月以人民币计价出口同比增长9.2%[1]。", ["出口同比增长9.2%"]),
    ("export", "number-moved", "7月以人民币计价出口同比负增长14.5%[1]。", ["以人民币计价出口同比负增长14.5%"]),
    ("cgarden", "negation-removed", "碧桂园已支付两笔美元债的票息[1]。", ["碧桂园已支付两笔美元债的票息"]),
    ("cgarden", "date-swap", "截至目前,碧桂园仍未能支付应该于7月8日支付的两笔美元债的票息[1]。", ["7月8日"]),
    ("cgarden", "false-tail", "碧桂园仍未能支付两笔美元债的票息,公司已宣布破产清算[1]。", ["公司已宣布破产清算"]),
    ("market", "unit-swap", "截止A股收盘,上证指数跌幅为0.25个百分点[1]。", ["上证指数跌幅为0.25个百分点"]),
    ("market", "other-subject", "万科今天暴跌超13%,带领港股内房股暴跌[1]。", ["万科今天暴跌超13%"]),

    # 云天化聚甲醛 (doc_02338)
    ("pom", "negation-removed", "云天化表示,由于需求增长,公司计划新建POM产能[1]。", ["公司计划新建POM产能"]),
    ("pom", "negation-removed", "云天化工作人员称目前订单方面存在问题[1]。", ["订单方面存在问题"]),
    ("pom", "unit-swap", "POM国内现货价格重回13000元/千克关口[1]。", ["13000元/千克"]),
    ("pom", "english-for-zh", "Yunnan Yuntianhua plans to expand its POM capacity [1].", ["plans to expand its POM capacity"]),
    ("pom-cap", "number-moved", "目前,云天化POM年产能11.05万吨[1]。", ["POM年产能11.05万吨"]),
    ("pom-cap", "superlative", "云天化是世界上最大的聚甲醛生产公司[1]。", ["云天化是世界上最大的聚甲醛生产公司"]),

    # 重庆银龄讲学计划 (doc_02371)
    ("silver", "modality", "重庆今年银龄讲学计划已招募100名退休教师并全部到岗[1]。", ["已招募100名退休教师并全部到岗"]),
    ("silver", "other-subject", "成都市今年银龄讲学计划义务教育阶段招募100名退休教师[1]。", ["成都市今年银龄讲学计划"]),
    ("silver", "date-swap", "重庆2022年银龄讲学计划义务教育阶段招募100名退休教师[1]。", ["重庆2022年银龄讲学计划"]),
    ("silver-rule", "negation-removed", "原单位返聘退休教师工作也列入银龄讲学计划[1]。", ["原单位返聘退休教师工作也列入银龄讲学计划"]),
    ("silver-rule", "negation-removed", "讲学教师服务时间原则上少于1学年[1]。", ["服务时间原则上少于1学年"]),

    # 香港输入人才 (doc_02399)
    ("hk", "number-moved", "截至今年6月30日,高才通计划已批出约6.1万宗申请[1]。", ["高才通计划已批出约6.1万宗申请"]),
    ("hk", "date-swap", "截至今年3月31日,各项输入人才计划共收到超过10万宗申请[1]。", ["截至今年3月31日"]),
    ("hk", "false-tail", "入境事务处已批出约6.1万宗,但其中过半获批者已离开香港[1]。", ["但其中过半获批者已离开香港"]),
    ("hk", "modality", "香港计划在今年批出约6.1万宗输入人才申请[1]。", ["计划在今年批出约6.1万宗输入人才申请"]),
    ("hk-tts", "unit-swap", "合资格人才包括过去一年年薪达250万美元或以上的人士[1]。", ["250万美元"]),
    ("hk-tts", "direction-flip", "优才计划申请人数较去年大幅下降[1]。", ["较去年大幅下降"]),
    ("hk-qmas", "number-moved", "今年1-6月,优才计划共有6909宗申请获批,而去年全年获批数为2719宗[1]。",
     ["共有6909宗申请获批", "去年全年获批数为2719宗"]),

    # 蓝箭电子与北交所新股 (doc_02321)
    ("lanjian", "number-moved", "蓝箭电子预计募资9.04亿元,实际募资6.02亿元[1]。", ["预计募资9.04亿元", "实际募资6.02亿元"]),
    ("lanjian", "unit-swap", "蓝箭电子发行价格18.08美元[1]。", ["18.08美元"]),
    ("lanjian", "date-swap", "龙虎榜看见,8月9日,买入蓝箭电子最为积极的要数东方财富证券拉萨资金[1]。", ["8月9日,买入蓝箭电子"]),
    ("huayang", "other-subject", "威力传动2023年上半年营业收入2.21亿元,净利润2822.96万元[1]。", ["威力传动2023年上半年营业收入2.21亿元"]),
    ("huayang", "number-moved", "华洋赛车2023年上半年营业收入2822.96万元,净利润2.21亿元[1]。", ["营业收入2822.96万元", "净利润2.21亿元"]),

    # 上市公司分红 (doc_02109)
    ("dividend", "negation-removed", "另有192家上市公司2022年利润分配方案已获通过并已实施,涉及金额0.15万亿元[1]。", ["已获通过并已实施"]),
    ("dividend", "unit-swap", "共有3234家上市公司已实施2022年年报利润分配,分红总额为1.73万亿美元[1]。", ["1.73万亿美元"]),
    ("dividend", "superlative", "贵州茅台的分红总额是融资总额的80倍,为A股最高[1]。", ["为A股最高"]),
    ("dividend", "date-swap", "截至7月28日,共有3234家上市公司已实施2022年年报利润分配[1]。", ["截至7月28日"]),
    ("dividend", "english-for-zh", "Only 234 listed companies have paid their 2022 dividends [1].", ["Only 234 listed companies"]),
    ("yield", "number-moved", "我国沪深300指数股息率4.21%,上证50指数股息率3.12%[1]。", ["沪深300指数股息率4.21%", "上证50指数股息率3.12%"]),
    ("yield", "direction-flip", "我国沪深300指数和上证50指数股息率均低于同期境外市场[1]。", ["均低于同期境外市场"]),

    # 美国信用卡余额 (doc_02354)
    ("card", "unit-swap", "第二季度美国信用卡余额达到1.03万亿元[1]。", ["1.03万亿元"]),
    ("card", "negation", "纽约联储经济学家表示,逾期率并没有回到疫情前水平[1]。", ["逾期率并没有回到疫情前水平"]),
    ("card", "english-for-zh", "US credit card balances fell to 1.03 trillion dollars in the second quarter [1].",
     ["fell to 1.03 trillion dollars"]),
    ("card-debt", "direction-flip", "学生贷款余额增加350亿美元,至1.57万亿美元[1]。", ["学生贷款余额增加350亿美元"]),
    ("card-debt", "date-swap", "美联储报告显示,信用卡利率6月份创下22.2%的历史新高[1]。", ["信用卡利率6月份创下22.2%"]),
    ("card-debt", "modality", "联邦学生贷款偿付已于10月恢复[1]。", ["已于10月恢复"]),

    # 盟固利 (doc_02293)
    ("mgl", "direction-flip", "2023年一季度,盟固利实现营业收入6.1亿元,同比增长37.53%[1]。", ["同比增长37.53%"]),
    ("mgl", "unit-swap", "2023年一季度,盟固利扣非净利润为1339亿元[1]。", ["1339亿元"]),
    ("mgl", "number-moved", "2022年度盟固利扣非净利润为9757万元[1]。", ["2022年度盟固利扣非净利润为9757万元"]),
    ("mgl-ipo", "superlative", "盟固利创下A股史上新股首日涨幅之最[1]。", ["创下A股史上新股首日涨幅之最"]),
    ("mgl-ipo", "date-swap", "此前2022年7月19日,读客文化上市首日收盘涨幅达1942.58%[1]。", ["2022年7月19日"]),
    ("mgl-ipo", "false-tail", "截至9日收盘,盟固利股价收报98.02元/股,随后公司宣布停牌核查[1]。", ["随后公司宣布停牌核查"]),
    # second batch (December): 应用材料 (doc_02959)
    ("amat", "direction-flip", "应用材料Q3营收为64.3亿美元,同比下降1.5%,且低于市场预期[1]。", ["且低于市场预期"]),
    ("amat", "unit-swap", "应用材料Q3营收为64.3亿元,同比下降1.5%[1]。", ["64.3亿元"]),
    ("amat", "number-moved", "应用材料预计第四财季营收将达到约58.8亿美元[1]。", ["第四财季营收将达到约58.8亿美元"]),
    ("amat", "number-moved", "应用材料Q3不包括部分项目的每股收益为1.73美元[1]。", ["每股收益为1.73美元"]),
    ("amat", "chinese-numeral", "应用材料股价今年以来累计上涨近六成[1]。", ["累计上涨近六成"]),
    ("amat", "date-swap", "应用材料公布了2022财年第三季度业绩,营收为64.3亿美元[1]。", ["2022财年第三季度"]),
    ("amat", "superlative", "应用材料是全球最大的芯片制造商[1]。", ["全球最大的芯片制造商"]),
    ("amat", "modality", "应用材料表示,行业低迷已经结束[1]。", ["行业低迷已经结束"]),
    ("amat", "negation", "应用材料预计,到本十年末行业总营收不会达到1万亿美元[1]。", ["不会达到1万亿美元"]),
    ("amat-en", "english-number", "About fifteen percent of its wafer fab equipment serves the AI market [1].", ["About fifteen percent"]),
    ("amat", "true-control", "应用材料2023财年第三季度营收为64.3亿美元,同比下降1.5%[1]。", [], {"facts": ["64.3亿美元"]}),

    # 印度食糖 (doc_02169)
    ("sugar", "unit-swap", "预计2023/24年印度食糖产量将同比下降3.4%至3170万桶[1]。", ["3170万桶"]),
    ("sugar", "unit-swap", "预计2023/24年印度食糖产量将同比下降3.4个百分点[1]。", ["下降3.4个百分点"]),
    ("sugar", "number-moved", "糖厂协会预计工厂将把610万吨食糖用于生产乙醇[1]。", ["610万吨食糖用于生产乙醇"]),
    ("sugar", "negation", "印度糖厂协会主席表示,这一产量无法满足印度国内需求[1]。", ["无法满足印度国内需求"]),
    ("sugar", "modality", "印度已经停止食糖出口[1]。", ["印度已经停止食糖出口"]),
    ("sugar", "chinese-numeral", "今年以来,食糖期货已经上涨了约三成[1]。", ["上涨了约三成"]),
    ("sugar", "direction-flip", "糖厂协会预计用于生产乙醇的食糖将相比去年减少9.8%[1]。", ["相比去年减少9.8%"]),
    ("sugar-export", "date-swap", "印度2021/22年的食糖出货量上限设定为610万吨[1]。", ["2021/22年的食糖出货量上限设定为610万吨"]),
    ("sugar-export", "negation-removed", "印度已对食糖产量和贸易政策作出说明[1]。", ["已对食糖产量和贸易政策作出说明"]),

    # 南凌科技 (doc_02219)
    ("nanling", "number-moved", "南凌科技2023年上半年主营收入1.43亿元[1]。", ["上半年主营收入1.43亿元"]),
    ("nanling", "number-moved", "南凌科技2023中报归母净利润652.75万元[1]。", ["归母净利润652.75万元"]),
    ("nanling", "direction-flip", "南凌科技归母净利润1634.78万元,同比上升46.47%[1]。", ["同比上升46.47%"]),
    ("nanling", "unit-swap", "南凌科技2023中报显示,公司主营收入2.82亿美元[1]。", ["2.82亿美元"]),
    ("nanling", "date-swap", "截至2023年8月11日收盘,南凌科技报收于24.9元[1]。", ["2023年8月11日收盘"]),
    ("nanling", "true-control", "南凌科技2023中报显示,公司主营收入2.82亿元,同比上升5.5%[1]。", [], {"facts": ["2.82亿元"]}),

    # 港股 8月14日 (doc_02375)
    ("hk814", "other-subject", "8月14日碧桂园服务跌15.31%[1]。", ["碧桂园服务跌15.31%"]),
    ("hk814", "number-moved", "富力地产前7月累计销售收入311.2亿元[1]。", ["富力地产前7月累计销售收入311.2亿元"]),
    ("hk814", "number-moved", "8月14日东风集团股份跌8.26%[1]。", ["东风集团股份跌8.26%"]),
    ("hk814", "unit-swap", "金沙中国上半年累计净收入28.95亿元[1]。", ["28.95亿元"]),
    ("hk814", "negation", "金沙中国归属股东净利润1.75亿美元,仍未扭亏[1]。", ["仍未扭亏"]),
    ("hk814", "direction-flip", "上周五道指周跌0.62%[1]。", ["道指周跌0.62%"]),
    ("hk814", "true-control", "8月14日港股低开低走,恒生指数跌2.59%,碧桂园跌15.31%[1]。", [], {"facts": ["15.31%"]}),
    ("amat", "true-control", "应用材料预计第四财季营收将达到约65.1亿美元,好于市场预期的58.8亿美元[1]。", [], {"facts": ["65.1亿美元"]}),
    ("amat-en", "true-control", "About 5% of Applied Materials' wafer fab equipment is dedicated to the AI market [1].", [],
     {"facts": ["5%"]}),
    ("sugar", "true-control", "印度糖厂协会预计2023/24年食糖产量将同比下降3.4%至3170万吨[1]。", [], {"facts": ["3170万吨"]}),
    ("sugar", "true-control", "糖厂协会预计工厂将会把450万吨食糖用于生产乙醇,相比去年增长9.8%[1]。", [], {"facts": ["450万吨"]}),
    ("sugar-export", "true-control", "印度2022/23年食糖出货量上限设定为610万吨,低于2021/22年的1100万吨[1]。", [],
     {"facts": ["610万吨"]}),
    ("nanling", "true-control", "2023年第二季度,南凌科技单季度主营收入1.43亿元,同比上升2.29%[1]。", [], {"facts": ["1.43亿元"]}),
    ("hk814", "true-control", "富力地产前7月累计销售收入145.4亿元,同比减少48.8%[1]。", [], {"facts": ["145.4亿元"]}),
    ("hk814", "true-control", "金沙中国上半年累计净收入28.95亿美元,同比增加216.39%[1]。", [], {"facts": ["28.95亿美元"]}),

    # third batch (December): 白酒 (doc_02198)
    ("baijiu", "chinese-numeral", "高端白酒的股价在过去三年持续调整,调整幅度达七成左右[1]。", ["调整幅度达七成左右"]),
    ("baijiu", "chinese-numeral", "高端白酒近两年的成长性一直维持在三成左右[1]。", ["维持在三成左右"]),
    ("baijiu-home", "chinese-numeral", "家居龙头公司今年的市盈率普遍在二十倍左右[1]。", ["二十倍左右"]),
    ("baijiu", "modality", "李会忠表示,高端白酒的估值空间已经进一步打开[1]。", ["估值空间已经进一步打开"]),
    ("baijiu", "modality", "高端白酒今年中报业绩已确定超预期[1]。", ["今年中报业绩已确定超预期"]),
    ("baijiu", "negation-removed", "李会忠认为,高端白酒中报业绩会很差[1]。", ["中报业绩会很差"]),
    ("baijiu-home", "direction-flip", "运动休闲类品牌服饰的估值水平和机构配置比例已经很高[1]。", ["机构配置比例已经很高"]),
    ("baijiu-home", "negation", "服装行业去库存尚未结束[1]。", ["去库存尚未结束"]),
    ("baijiu-home", "superlative", "2020年底以来家居业公司股价跌幅居A股之首[1]。", ["跌幅居A股之首"]),
    ("baijiu", "true-control", "李会忠表示,高端白酒的股价在过去三年持续调整,调整幅度达50%左右[1]。", [], {"facts": ["50%"]}),

    # 美国枪击 (doc_02651)
    ("guns", "chinese-numeral", "美国今年迄今已发生419起大规模枪击事件,平均每天发生三起[1]。", ["平均每天发生三起"]),
    ("guns-dc", "chinese-numeral", "华盛顿5日发生数起枪击事件,造成至少八人死亡[1]。", ["至少八人死亡"]),
    ("guns", "modality", "美国今年的大规模枪击事件已经超过之前一年的最高纪录[1]。", ["已经超过之前一年的最高纪录"]),
    ("guns-dc", "date-swap", "美国首都华盛顿6日发生数起枪击事件,造成至少6人死亡[1]。", ["华盛顿6日发生"]),
    ("guns", "date-swap", "美国Axios在线新闻8月31日曾报道,美国今年已发生419起大规模枪击事件[1]。", ["8月31日曾报道"]),
    ("guns", "superlative", "美国今年的大规模枪击事件数量创历史新高[1]。", ["创历史新高"]),
    ("guns", "number-moved", "芝加哥市周末共有25人死亡[1]。", ["共有25人死亡"]),
    ("guns-dc", "other-subject", "纽约州罗切斯特市5日发生枪击事件,造成至少6人死亡[1]。", ["罗切斯特市5日发生枪击事件,造成至少6人死亡"]),
    ("guns", "true-control", "枪支暴力档案的数据显示,美国今年迄今为止已发生419起大规模枪击事件,平均每天发生两起[1]。", [],
     {"facts": ["419起"]}),
    ("guns-dc", "true-control", "美国首都华盛顿5日发生数起枪击事件,造成至少6人死亡[1]。", [], {"facts": ["6人"]}),

    # 生猪价格 (doc_02646)
    ("pig", "date-swap", "预计8月15日,屠企报价跌至8.58元/斤左右[1]。", ["预计8月15日"]),
    ("pig", "unit-swap", "屠企报价跌至8.58元/公斤左右[1]。", ["8.58元/公斤"]),
    ("pig", "unit-swap", "此前生猪出栏报价涨至17.24元/斤[1]。", ["17.24元/斤"]),
    ("pig", "number-moved", "黑吉辽地区生猪出栏报价跌至18.3元/公斤左右[1]。", ["黑吉辽地区生猪出栏报价跌至18.3元"]),
    ("pig", "true-control", "预计8月16日,屠企报价跌至8.58元/斤左右[1]。", [], {"facts": ["8.58元"]}),

    # third calibration batch: 港股 8月18日 (doc_02323)
    ("hk818", "number-moved", "8月18日恒生科技指数跌2.05%[1]。", ["恒生科技指数跌2.05%"]),
    ("hk818", "direction-flip", "8月18日港股全天震荡上涨,恒生指数涨2.05%[1]。", ["恒生指数涨2.05%"]),
    ("hk818", "chinese-numeral", "京东集团跌百分之三点四四[1]。", ["京东集团跌百分之三点四四"]),
    ("hk818", "superlative", "哔哩哔哩跌5.73%,是当日港股跌幅最大的股票[1]。", ["是当日港股跌幅最大的股票"]),
    ("hk818", "true-control", "8月18日恒生指数跌2.05%,报17950.85点[1]。", [], {"facts": ["17950.85"]}),
    ("hk818-ev", "modality", "海通国际称下半年新能源汽车价格战已进入白热化[1]。", ["价格战已进入白热化"]),
    ("hk818-ev", "other-subject", "浙商证券指出,特斯拉引领下半年新一轮价格战[1]。", ["浙商证券指出,特斯拉引领"]),
    ("hk818-ev", "date-swap", "今年2月份特斯拉降价,3月份东风大幅降价[1]。", ["今年2月份特斯拉降价"]),
    ("hk818-food", "modality", "开源证券指出,2023Q3餐饮增速已经回落[1]。", ["餐饮增速已经回落"]),
    ("hk818-food", "negation", "天风证券表示,市场对零售餐饮行业复苏的持续性没有担忧[1]。", ["持续性没有担忧"]),
    ("hk818-evergrande", "number-moved", "恒大汽车跌超9%[1]。", ["恒大汽车跌超9%"]),
    ("hk818-evergrande", "true-control", "恒大物业跌超9%,恒大汽车跌16%[1]。", [], {"facts": ["16%"]}),

    # 太古可口可乐 (doc_02597)
    ("swire-coke", "unit-swap", "太古可口可乐上半年经常性溢利为16.27亿元人民币[1]。", ["16.27亿元人民币"]),
    ("swire-coke", "number-moved", "太古可口可乐上半年经常性溢利较2022年上半年增长14%[1]。", ["经常性溢利较2022年上半年增长14%"]),
    ("swire-coke", "chinese-numeral", "太古可口可乐经常性溢利同比增长近五成[1]。", ["增长近五成"]),
    ("swire-coke", "true-control", "太古可口可乐收益总额增长14%至港币304.42亿元[1]。", [], {"facts": ["304.42"]}),
    ("swire-coke-cn", "number-moved", "能量饮料的收益上升18%[1]。", ["能量饮料的收益上升18%"]),
    ("swire-coke-cn", "superlative", "饮用水是太古可口可乐收益增长最快的品类[1]。", ["增长最快的品类"]),
    ("swire-coke-cn", "modality", "太古可口可乐在中国内地的工厂基础设施已投资55亿元人民币[1]。", ["已投资55亿元人民币"]),
    ("swire-coke-cn", "date-swap", "太古可口可乐于2022年宣布,未来5年在中国内地投资超55亿元人民币[1]。", ["于2022年宣布"]),

    # 英国7月CPI (doc_02423)
    ("ukcpi", "number-moved", "英国7月核心通胀率为6.8%[1]。", ["核心通胀率为6.8%"]),
    ("ukcpi", "direction-flip", "服务业通胀率从7.4%下降到7.2%[1]。", ["从7.4%下降到7.2%"]),
    ("ukcpi", "direction-flip", "核心通胀率较6月份有所下降[1]。", ["核心通胀率较6月份有所下降"]),
    ("ukcpi", "chinese-numeral", "英国央行可能进行第十五次加息[1]。", ["第十五次加息"]),
    ("ukcpi", "modality", "英国央行已经进行了第14次加息[1]。", ["已经进行了第14次加息"]),
    ("ukcpi", "date-swap", "英国主要贷款利率已升至5.25%,为1998年以来最高水平[1]。", ["1998年以来最高水平"]),
    ("ukcpi", "true-control", "7月英国CPI同比上涨6.8%,较6月7.9%的涨幅有所放缓[1]。", [], {"facts": ["6.8%"]}),
    ("ukcpi-us", "other-subject", "英国的7月CPI年率已经回落至3.2%[1]。", ["英国的7月CPI年率"]),
    ("ukcpi-us", "superlative", "英国实际收入出现有史以来最大降幅[1]。", ["有史以来最大降幅"]),

    # 婚内炒股案 (doc_02668)
    ("stocks-case", "number-moved", "范某向股票资金账号转账150万元[1]。", ["转账150万元"]),
    ("stocks-case", "chinese-numeral", "涉案房屋以二百八十万元价格出售[1]。", ["二百八十万元"]),
    ("stocks-case", "date-swap", "曹某与范某于2004年10月2日登记结婚[1]。", ["2004年10月2日"]),
    ("stocks-case", "negation", "范某经曹某同意后向股票资金账号转账89万元[1]。", ["经曹某同意后"]),
    ("stocks-case", "true-control", "范某从股票资金账号转出73万元,共计亏损71.12万元[1]。", [], {"facts": ["71.12万元"]}),
]

# Written with the second calibration batch, before the check was changed again; only ever measured.
HELDOUT_ROWS: list[tuple] = [
    # 美国CPI (doc_02588)
    ("uscpi", "number-moved", "美国7月未季调CPI同比增长4.7%[1]。", ["未季调CPI同比增长4.7%"]),
    ("uscpi", "unit-swap", "美国7月CPI同比增长3.2个百分点[1]。", ["增长3.2个百分点"]),
    ("uscpi", "date-swap", "美国6月未季调CPI同比增长3.2%[1]。", ["美国6月未季调CPI"]),
    ("uscpi", "negation-removed", "分析人士说,7月CPI上涨是潜在趋势恶化的迹象[1]。", ["是潜在趋势恶化的迹象"]),
    ("uscpi", "modality", "美联储已宣布加息周期结束[1]。", ["美联储已宣布加息周期结束"]),
    ("uscpi", "superlative", "美国7月核心CPI同比增长4.7%,为历史新低[1]。", ["为历史新低"]),
    ("uscpi", "true-control", "美国7月未季调CPI同比增长3.2%,低于市场预期的3.3%[1]。", [], {"facts": ["3.2%"]}),
    ("uscpi-fed", "chinese-numeral", "交易员认为美联储9月加息的可能性约为一成半[1]。", ["约为一成半"]),
    ("uscpi-fed", "date-swap", "美联储将在10月19日至20日召开政策会议[1]。", ["10月19日至20日"]),

    # 别克新君威 (doc_02714)
    ("buick", "number-moved", "新君威25T纵享版最大功率为237马力[1]。", ["25T纵享版最大功率为237马力"]),
    ("buick", "unit-swap", "新君威28T配备2.0升四缸涡轮增压发动机,最大功率237千瓦[1]。", ["237千瓦"]),
    ("buick", "negation-removed", "新君威内饰采用了全新一代君越的弧形双联屏设计[1]。", ["内饰采用了全新一代君越的弧形双联屏设计"]),
    ("buick", "negation", "新君威不支持苹果CarPlay[1]。", ["不支持苹果CarPlay"]),
    ("buick", "true-control", "新君威25T纵享版采用1.5升四缸涡轮增压发动机,最大功率为169马力[1]。", [], {"facts": ["169"]}),
    ("buick-en", "english-number", "The 28T version's 2.0-litre engine makes two hundred and seventy horsepower [1].",
     ["two hundred and seventy horsepower"]),
    ("buick-e5", "date-swap", "别克E5车型7月交付3587台[1]。", ["7月交付3587台"]),

    # 美国自然评估 (doc_02260)
    ("nature", "date-swap", "美国这项全国自然评估计划于2025年完成[1]。", ["2025年完成"]),
    ("nature", "negation", "这并不是美国首次在全美范围内开展的自然评估[1]。", ["并不是美国首次"]),
    ("nature", "modality", "美国这项全国自然评估已于今年完成[1]。", ["已于今年完成"]),
    ("nature", "other-subject", "英国正在开展规模最大的自然和野生动物调查[1]。", ["英国正在开展"]),
    ("nature-decline", "chinese-numeral", "自1970年以来,全球脊椎动物的数量下降了约一半[1]。", ["下降了约一半"]),
    ("nature-decline", "date-swap", "自1980年以来,全球脊椎动物的数量急剧下降了68%[1]。", ["自1980年以来"]),

    # 港股 8月16日 (doc_02258)
    ("hk816", "number-moved", "中国神华前7月煤炭销售量约3800万吨[1]。", ["前7月煤炭销售量约3800万吨"]),
    ("hk816", "unit-swap", "中国神华前7月总售电量1133.5亿千瓦,同比增长16.3%[1]。", ["1133.5亿千瓦,"]),
    ("hk816", "negation", "8月16日理想汽车隔夜没有上涨[1]。", ["没有上涨"]),
    ("hk816", "true-control", "中国神华前7月煤炭销售量约2.56亿吨,同比增加5%[1]。", [], {"facts": ["2.56亿吨"]}),
    ("hk816-weimob", "other-subject", "新特能源上半年收入12.1亿元[1]。", ["新特能源上半年收入12.1亿元"]),
    ("hk816-weimob", "direction-flip", "微盟集团经调整净亏损2.54亿元,同比扩大55.2%[1]。", ["同比扩大55.2%"]),
    ("hk816-weimob", "superlative", "微盟集团涨3.39%,为当日港股涨幅最大的股票[1]。", ["为当日港股涨幅最大的股票"]),
]

# The fourth calibration batch (December), of the kinds the held-out half still leaked, over articles no
# other row uses; written before the check was run on it. Numbered from news-401.
LATE_CALIBRATION_ROWS: list[tuple] = [
    # fourth calibration batch: 黑龙江增殖放流 (doc_02116)
    ("fish", "number-moved", "黑龙江省连续两天放流了1.51万尾鲢鱼苗[1]。", ["1.51万尾鲢鱼苗"]),
    ("fish", "chinese-numeral", "黑龙江省连续两天向松花江放流一百四十八万尾鱼苗[1]。", ["一百四十八万尾"]),
    ("fish", "modality", "富锦市将于明年再向松花江放流100万尾鲢鱼[1]。", ["将于明年再向松花江放流"]),
    ("fish", "superlative", "此次增殖放流是黑龙江省历史上规模最大的一次[1]。", ["规模最大的一次"]),
    ("fish", "unit-swap", "这些鱼苗身长都超过10毫米[1]。", ["10毫米"]),
    ("fish", "date-swap", "8月1日,黑龙江省在松花江畔富锦段开展了2023年水生生物增殖放流活动[1]。", ["8月1日,黑龙江省在松花江畔富锦段"]),
    ("fish", "true-control", "7月31日和8月1日,黑龙江省连续两天向松花江放流184万尾鱼苗[1]。", [], {"facts": ["184万"]}),
    ("fish-daqing", "number-moved", "肇源现场活动放流鳜鱼80万尾[1]。", ["鳜鱼80万尾"]),
    ("fish-daqing", "other-subject", "哈尔滨市近年来累计在松花江、嫩江放流各类经济苗种2427万尾[1]。", ["哈尔滨市近年来累计"]),
    ("fish-daqing", "negation", "大庆市近年来未在嫩江放流苗种[1]。", ["未在嫩江放流苗种"]),
    ("fish-daqing", "true-control", "肇源现场活动向松花江放流各类苗种82.5万尾,其中鳙鱼80万尾[1]。", [], {"facts": ["82.5万"]}),

    # 空客上半年业绩 (doc_02793)
    ("airbus", "unit-swap", "空客上半年综合收入277亿美元,同比增长11%[1]。", ["277亿美元"]),
    ("airbus", "direction-flip", "空客调整后息税前利润为26.18亿欧元,较去年同期的26.45亿欧元有所增长[1]。", ["有所增长"]),
    ("airbus", "number-moved", "空客综合自筹研发费用总额为26.18亿欧元[1]。", ["研发费用总额为26.18亿欧元"]),
    ("airbus", "chinese-numeral", "空客上半年综合收入同比增长两成[1]。", ["同比增长两成"]),
    ("airbus", "superlative", "空客上半年综合收入创公司历史同期最高纪录[1]。", ["创公司历史同期最高纪录"]),
    ("airbus", "true-control", "空客上半年综合收入277亿欧元,同比增长11%[1]。", [], {"facts": ["277亿欧元"]}),
    ("airbus-en", "unit-swap", "Airbus reported revenue of 27.7 billion US dollars in the first half [1].", ["27.7 billion US dollars"]),
    ("airbus-en", "direction-flip", "Airbus's adjusted EBIT rose to 2.618 billion euros from 2.645 billion euros a year earlier [1].", ["rose to"]),
    ("airbus-en", "number-moved", "Airbus won 1,044 gross commercial aircraft orders in the first half [1].", ["1,044 gross"]),
    ("airbus-en", "true-control", "Airbus's consolidated revenue was 27.7 billion euros in the first half of 2023, up 11% [1].", [], {"facts": ["27.7"]}),
    ("airbus-orders", "number-moved", "空客上半年民用飞机净订单1080架[1]。", ["净订单1080架"]),
    ("airbus-orders", "chinese-numeral", "空客上半年民用飞机订单是去年同期的三倍多[1]。", ["三倍多"]),
    ("airbus-orders", "other-subject", "波音公司上半年共获得1080架订单[1]。", ["波音公司"]),
    ("airbus-plan", "modality", "A321XLR飞机已经投入运营[1]。", ["已经投入运营"]),
    ("airbus-plan", "date-swap", "A321XLR飞机预计将于2025年第二季度投入运营[1]。", ["2025年第二季度投入运营"]),
    ("airbus-plan", "number-moved", "A350飞机的月产量定为在2024年达到4架[1]。", ["A350飞机的月产量定为在2024年达到4架"]),
    ("airbus-plan", "true-control", "A321XLR飞机预计将于2024年第二季度投入运营[1]。", [], {"facts": ["2024年第二季度"]}),

    # 岚图汽车 (doc_02753)
    ("voyah", "other-subject", "岚图汽车已与武汉光谷签订战略合作协议[1]。", ["武汉光谷"]),
    ("voyah", "modality", "岚图汽车已在“车谷之心”建成企业总部[1]。", ["建成企业总部"]),
    ("voyah", "negation", "岚图汽车没有与军山新城签订战略合作协议[1]。", ["没有与军山新城签订"]),
    ("voyah-brand", "superlative", "岚图汽车是全球产品布局最完整的新能源车企[1]。", ["全球产品布局最完整"]),
    ("voyah-brand", "superlative", "岚图汽车是最早从本土走向海外的中国高端新能源汽车品牌[1]。", ["最早从本土走向海外"]),
    ("voyah-brand", "chinese-numeral", "岚图汽车先后推出了四种产品品类[1]。", ["四种产品品类"]),
    ("voyah-brand", "other-subject", "岚图汽车是吉利公司旗下新能源汽车品牌[1]。", ["吉利公司旗下"]),
    ("voyah-brand", "true-control", "岚图汽车先后推出SUV、MPV、轿车三种产品品类[1]。", [], {"facts": ["SUV"]}),

    # 黑龙江生态环境 (doc_02699)
    ("hlj-air", "unit-swap", "地表水优良水体比例同比上升14.1%[1]。", ["上升14.1%"]),
    ("hlj-air", "superlative", "地表水优良水体比例增幅居全国第一[1]。", ["增幅居全国第一"]),
    ("hlj-air", "date-swap", "2021年,黑龙江全省优良天数比率95.9%[1]。", ["2021年"]),
    ("hlj-air", "number-moved", "黑龙江全省优先保护类耕地占比95.9%[1]。", ["优先保护类耕地占比95.9%"]),
    ("hlj-energy", "number-moved", "黑龙江全省新能源发电装机2070万千瓦,同比增长14.1%[1]。", ["同比增长14.1%"]),
    ("hlj-energy", "chinese-numeral", "黑龙江累计建成电动汽车充电终端二十六万五千个[1]。", ["二十六万五千个"]),
    ("hlj-energy", "unit-swap", "黑龙江全省新能源发电装机2070万千瓦时[1]。", ["2070万千瓦时"]),
    ("hlj-energy", "other-subject", "腾讯、百度、华大基因等一批技术引领型企业落地龙江[1]。", ["腾讯"]),
    ("hlj-energy", "true-control", "截至目前,黑龙江全省新能源发电装机2070万千瓦,同比增长15.1%[1]。", [], {"facts": ["2070万千瓦"]}),

    # A股与私募 (doc_02247)
    ("astock", "number-moved", "半夏投资低波动基金权益净仓位已经大于100%[1]。", ["低波动基金权益净仓位已经大于100%"]),
    ("astock", "chinese-numeral", "自6月股票私募仓位指数突破八成以后,7月来降至七成[1]。", ["7月来降至七成"]),
    ("astock", "date-swap", "8月28日,半夏投资创始人李蓓在公司公众号发文[1]。", ["8月28日"]),
    ("astock", "superlative", "半夏投资是国内规模最大的私募[1]。", ["规模最大的私募"]),
    ("astock", "true-control", "7月来股票私募仓位指数依旧维持在80%以上[1]。", [], {"facts": ["80%"]}),
    ("astock-outlook", "modality", "重阳投资表示,长线资金入市进程已经加快[1]。", ["入市进程已经加快"]),
    ("astock-outlook", "modality", "罗志恒表示,资本市场改革已经从投资端建设入手,出台了更多改革措施[1]。", ["已经从投资端建设入手"]),
    ("astock-outlook", "modality", "人民币汇率已经企稳走强[1]。", ["人民币汇率已经企稳走强"]),
    ("astock-outlook", "modality", "美元强势顶点已经过去[1]。", ["美元强势顶点已经过去"]),
    ("astock-outlook", "true-control", "重阳投资表示,后续更多支持资本市场的政策有望出台[1]。", [], {"facts": ["有望出台"]}),
]

# The fifth calibration batch, over five articles no other row uses; written before the check was run on it.
# Numbered from news-501.
FIFTH_CALIBRATION_ROWS: list[tuple] = [
    # 伯克希尔二季报 (doc_02045)
    (
        "brk",
        "number-moved",
        "伯克希尔二季度营收925.03亿美元,比市场预期高出不少;净利润为100.4亿美元,同样好于预期[1]。",
        ["净利润为100.4亿美元"],
    ),
    (
        "brk",
        "qualifier-swap",
        "二季度伯克希尔实现营收925.03亿美元,环比增长21.4%,大幅高于市场预期的821.22亿美元[1]。",
        ["环比增长21.4%"],
    ),
    (
        "brk",
        "english-for-zh",
        "Berkshire's second-quarter net profit came in at 35.9 billion US dollars, after a loss of 53 billion dollars "
        "in the same quarter last year [1].",
        ["after a loss of 53 billion dollars in the same quarter last year"],
    ),
    (
        "brk-en",
        "english-number",
        "Revenue rose 21.4% to about 92.5 billion US dollars, while net earnings reached 359.12 billion US dollars [1].",
        ["359.12 billion US dollars"],
    ),
    (
        "brk-invest",
        "date-swap",
        "伯克希尔的总资产规模首次突破1万亿美元:截至3月底,总资产已达10415.73亿美元[1]。",
        ["截至3月底,总资产已达10415.73亿美元"],
    ),
    (
        "brk-invest",
        "unit-swap",
        "按每股计算,二季度伯克希尔A类普通股盈利24775美元,B类普通股盈利16.52美分[1]。",
        ["16.52美分"],
    ),
    (
        "brk-hold",
        "negation-removed",
        "从二季报看,伯克希尔对重仓股做了较大调整,苹果仍是第一大持仓,市值约1776亿美元[1]。",
        ["对重仓股做了较大调整"],
    ),
    (
        "brk-hold",
        "ratio-inverted",
        "苹果、美国银行、美国运通、可口可乐和雪佛龙这五只股票,合计只占伯克希尔投资组合的22%[1]。",
        ["合计只占伯克希尔投资组合的22%"],
    ),
    (
        "brk-hold",
        "superlative",
        "按持仓市值排序,可口可乐以241亿美元位居第二,仅次于苹果[1]。",
        ["位居第二", "仅次于苹果"],
    ),
    (
        "brk-hold",
        "false-tail",
        "二季度伯克希尔花费14亿美元回购股票,回购力度放缓,原因是巴菲特认为公司股价已明显高估[1]。",
        ["回购力度放缓,原因是巴菲特认为公司股价已明显高估"],
    ),
    (
        "brk-hold",
        "true-control",
        "截至6月末,伯克希尔的现金储备增至1473.77亿美元,高于3月末的1306亿美元[1]。",
        [],
        {"facts": ["1473.77亿美元"]},
    ),
    (
        "brk-en",
        "true-control",
        "Berkshire's second-quarter revenue was 92.503 billion US dollars, up 21.4% from 76.2 billion a year earlier "
        "and above the 82.122 billion the market expected [1].",
        [],
        {"facts": ["21.4%"]},
    ),
    # 广汽集团7月产销 (doc_02902)
    (
        "gac",
        "other-subject",
        "7月广汽集团销量同比增长79.86%,新能源汽车销量同比增长84.51%[1]。",
        ["广汽集团销量同比增长79.86%"],
    ),
    (
        "gac",
        "number-moved",
        "分品牌看,广汽丰田7月销量同比下降44.31%,产量下降25.34%[1]。",
        ["广汽丰田7月销量同比下降44.31%"],
    ),
    (
        "gac",
        "direction-flip",
        "虽然7月单月销量189,199辆、同比下降14.04%,但今年前7个月累计销量1,353,904辆,同比增长1.18%[1]。",
        ["同比增长1.18%"],
    ),
    ("gac", "unit-swap", "广汽本田7月产量同比下降58.54个百分点,销量同比下降44.31%[1]。", ["58.54个百分点"]),
    (
        "gac-nev",
        "chinese-numeral",
        "7月广汽集团新能源汽车销量49,935辆,占集团当月总销量的四成以上[1]。",
        ["占集团当月总销量的四成以上"],
    ),
    (
        "gac-nev",
        "qualifier-swap",
        "广汽集团今年累计新能源汽车销量达49,935辆,同比增长84.51%[1]。",
        ["今年累计新能源汽车销量达49,935辆"],
    ),
    (
        "gac-nev",
        "ratio-inverted",
        "按7月数据计算,广汽集团总销量大约只有新能源汽车销量的四分之一[1]。",
        ["总销量大约只有新能源汽车销量的四分之一"],
    ),
    (
        "gac-hyper",
        "superlative",
        "昊铂GT上市首月即成为广汽埃安最畅销的车型,7月销量2011辆[1]。",
        ["成为广汽埃安最畅销的车型"],
    ),
    (
        "gac-en",
        "english-number",
        "GAC Group sold roughly one hundred and nine thousand vehicles in July, 14.04% fewer than a year earlier [1].",
        ["roughly one hundred and nine thousand vehicles"],
    ),
    (
        "gac",
        "true-control",
        "广汽集团7月汽车销量为189,199辆,同比下降14.04%;新能源汽车销量49,935辆,同比增长84.51%[1]。",
        [],
        {"facts": ["189,199"]},
    ),
    # 黄埔文冲获HMM重吊船订单 (doc_02522)
    (
        "hmm-ship",
        "title-swap",
        "出席签约仪式的有HMM总裁金京培、黄埔文冲总经理向辉明、中船贸易副总经理吴爱军等[1]。",
        ["黄埔文冲总经理向辉明"],
    ),
    (
        "hmm-ship",
        "chinese-numeral",
        "8月10日,黄埔文冲联合中船贸易与韩国HMM签约,一次拿下六艘38000吨多用途重吊船[1]。",
        ["一次拿下六艘38000吨多用途重吊船"],
    ),
    ("hmm-ship", "unit-swap", "这批重吊船单船运力38000标准箱,配备2台400吨和1台200吨吊机[1]。", ["38000标准箱"]),
    (
        "hmm-ship",
        "other-subject",
        "该船型由中国船舶集团第七〇八研究所设计,总长182米,型宽30米[1]。",
        ["第七〇八研究所设计"],
    ),
    (
        "hmm-co",
        "qualifier-swap",
        "所谓重吊船,是指单个吊机起重能力在150吨以下的船型,近年来市场需求持续增长[1]。",
        ["在150吨以下"],
    ),
    (
        "hmm-co",
        "negation",
        "HMM此前从未运营过重吊船,这4艘新船将是其船队中的首批重吊船[1]。",
        ["此前从未运营过重吊船", "将是其船队中的首批重吊船"],
    ),
    (
        "hmm-co",
        "english-for-zh",
        "HMM, founded on 25 March 1976 and headquartered in Busan, is South Korea's largest shipping company [1].",
        ["headquartered in Busan"],
    ),
    (
        "hmm-co",
        "false-tail",
        "市场对重吊船的需求持续增长,主要是受全球海上风电设备运输需求激增的推动[1]。",
        ["主要是受全球海上风电设备运输需求激增的推动"],
    ),
    (
        "hmm-both",
        "number-moved",
        "黄埔文冲此次与HMM签下38000吨多用途重吊船[1];早在2021年底,它就已获得4艘32000吨重吊船订单[2]。",
        ["获得4艘32000吨重吊船订单"],
    ),
    (
        "hmm-co",
        "true-control",
        "HMM总部位于韩国首尔,成立于1976年3月25日,是韩国最大的航运公司[1]。",
        [],
        {"facts": ["1976年3月25日"]},
    ),
    (
        "hmm-both",
        "true-control",
        "这次签下的是4艘38000吨多用途重吊船[1];此前黄埔文冲已于2021年底获得6艘32000吨重吊船订单[2]。",
        [],
        {"facts": ["6艘32000吨"]},
    ),
    # 韩军兵力缩水 (doc_02781)
    ("rok", "date-swap", "曾号称“60万大军”的韩军,兵力早在2017年就跌破了60万人[1]。", ["早在2017年就跌破了60万人"]),
    ("rok", "chinese-numeral", "2002年底韩军兵力还有七十九万人,此后一路下滑[1]。", ["七十九万人"]),
    ("rok", "title-swap", "韩国国防部长赵宽镐23日发布报告称,去年底韩军实际兵力仅为48万人[1]。", ["韩国国防部长赵宽镐"]),
    (
        "rok-en",
        "english-number",
        "By the end of last year South Korea's actual troop strength had shrunk to about 408,000, against a quota of "
        "500,000 [1].",
        ["about 408,000"],
    ),
    (
        "rok-plan",
        "modality",
        "根据《2023-2027国防中期计划》,韩国已把常备兵力重新恢复到50万人[1]。",
        ["已把常备兵力重新恢复到50万人"],
    ),
    (
        "rok-plan",
        "direction-flip",
        "赵宽镐预计,如果维持现行兵役制度,今后十年韩军年底平均兵力会回升到47万人左右[1]。",
        ["回升到47万人左右"],
    ),
    (
        "rok-plan",
        "negation-removed",
        "韩国军方计划到2027年把常备兵力名额保持在50万人,实际兵力也有望回升至50万人[1]。",
        ["实际兵力也有望回升至50万人"],
    ),
    (
        "rok-plan",
        "false-tail",
        "赵宽镐认为有必要讨论兵力资源减少问题,并为此建议缩短现役士兵的服役期限[1]。",
        ["并为此建议缩短现役士兵的服役期限"],
    ),
    (
        "rok",
        "true-control",
        "去年韩军兵力名额为50万人,但到年底实际兵力只有48万人,这是年底兵力首次跌破50万大关[1]。",
        [],
        {"facts": ["48万人"]},
    ),
    (
        "rok-plan",
        "true-control",
        "报告指出,若要维持50万的常备军力,韩国每年需要征兵22万人[1]。",
        [],
        {"facts": ["22万人"]},
    ),
    # 中老铁路国际旅客列车提速 (doc_02639)
    ("laos", "date-swap", "中国铁路昆明局集团发布消息称,自7月24日起中老铁路实施新的列车运行图[1]。", ["自7月24日起"]),
    (
        "laos",
        "other-subject",
        "中国铁路成都局集团有限公司宣布,昆明南至万象的国际旅客列车全程运行时间压缩至9小时26分[1]。",
        ["中国铁路成都局集团有限公司"],
    ),
    (
        "laos",
        "modality",
        "新的运行图原计划7月25日起实施,把全程时间压缩到9小时26分,但目前已暂缓执行[1]。",
        ["但目前已暂缓执行"],
    ),
    (
        "laos-riders",
        "negation",
        "这次提速完全是铁路部门自身调整运行图的结果,并未涉及与海关、边检部门的协调[1]。",
        ["完全是铁路部门自身调整运行图的结果", "并未涉及与海关、边检部门的协调"],
    ),
    (
        "laos-riders",
        "direction-flip",
        "7月25日以后,从昆明南或万象出发的旅客,要到当天晚饭后才能抵达目的地[1]。",
        ["要到当天晚饭后才能抵达目的地"],
    ),
    (
        "laos-riders",
        "superlative",
        "中老铁路国际旅客列车开行100多天来已有约4.2万名旅客乘坐,是东南亚客流量最大的跨境铁路[1]。",
        ["是东南亚客流量最大的跨境铁路"],
    ),
    (
        "laos-riders",
        "true-control",
        "开行100多天来,累计有49个国家和地区约4.2万名旅客乘坐中老铁路动车跨境旅行[1]。",
        [],
        {"facts": ["4.2万"]},
    ),
]

# A second held-out batch, written with the fifth calibration batch and before the check was run on either, over
# five articles no other row uses; only ever measured. Numbered from news-601.
SECOND_HELDOUT_ROWS: list[tuple] = [
    # 宁德时代神行超充电池 (doc_02919)
    ("catl", "unit-swap", "神行是宁德时代首款磷酸铁锂4C超充电池,充电十分钟即可续航400英里[1]。", ["400英里"]),
    (
        "catl",
        "number-moved",
        "神行超充电池充电10分钟,续航就能达到700公里,可以媲美燃油车[1]。",
        ["充电10分钟,续航就能达到700公里"],
    ),
    (
        "catl",
        "negation-removed",
        "神行超充电池虽然支持全温域快充,但在低温亏电时零百加速性能会明显衰减[1]。",
        ["零百加速性能会明显衰减"],
    ),
    ("catl", "title-swap", "发布会上,宁德时代董事长吴凯表示,动力电池的发展有两个方向[1]。", ["宁德时代董事长吴凯"]),
    (
        "catl-when",
        "chinese-numeral",
        "按照宁德时代的解释,3C充电可在四分之一小时内充满,4C则只需15分钟[2]。",
        ["3C充电可在四分之一小时内充满"],
    ),
    (
        "catl-when",
        "modality",
        "神行超充电池已于今年上半年量产,目前市面上已能买到搭载它的电动车[1][2]。",
        ["已于今年上半年量产", "目前市面上已能买到搭载它的电动车"],
    ),
    ("catl-s7", "negation", "宁德时代在半年报中称,麒麟电池目前尚未实现量产装车[1]。", ["尚未实现量产装车"]),
    (
        "catl-s7",
        "ratio-inverted",
        "在工信部最新申报的三款智界S7中,只有一款使用“三元锂离子+磷酸铁锰锂电池”[1]。",
        ["只有一款使用"],
    ),
    (
        "catl-when",
        "true-control",
        "神行超充电池将在2023年底量产、2024年一季度上市[1];宁德时代表示,明年一季度消费者就能买到搭载这款电池的电动车[2]。",
        [],
        {"facts": ["2024年一季度"]},
    ),
    # 华晨中国董事会主席被拘、华晨集团重整 (doc_02050)
    (
        "brill",
        "date-swap",
        "华晨中国公告称,董事会主席吴小安于8月4日被香港廉政公署拘留调查,涉嫌贿赂[1]。",
        ["于8月4日被香港廉政公署拘留调查"],
    ),
    ("brill", "negation-removed", "吴小安已被廉政公署起诉,目前获准保释[1]。", ["已被廉政公署起诉"]),
    ("brill", "unit-swap", "今年2月,吴小安因华晨集团信息披露违法违规被罚款20万港元[1]。", ["罚款20万港元"]),
    (
        "brill",
        "english-for-zh",
        "Wu Xiao'an, Brilliance China's chairman since 2002, was released on bail of HK$2 million on 4 August [1].",
        ["on bail of HK$2 million"],
    ),
    (
        "brill-plan",
        "other-subject",
        "按照重整方案,沈阳汽车将取得华晨中国100%股权,进而承接12家企业的资产[1]。",
        ["取得华晨中国100%股权"],
    ),
    (
        "brill-plan",
        "qualifier-swap",
        "沈阳汽车此次投资的交易对价至少为164亿元,资金来自其自有及自筹资金[1]。",
        ["至少为164亿元"],
    ),
    (
        "brill-en",
        "english-number",
        "Shenyang Automotive will pay at most 16.4 billion US dollars to take over the whole of Brilliance Group [1].",
        ["16.4 billion US dollars"],
    ),
    (
        "brill-plan",
        "true-control",
        "沈阳市中级人民法院已批准华晨集团重整计划,沈阳汽车拟作为总投资人,交易对价不超过164亿元[1]。",
        [],
        {"facts": ["164亿元"]},
    ),
    # 刘烈宏辞任中国联通董事长 (doc_02776)
    (
        "liu",
        "title-swap",
        "据人社部消息,刘烈宏被任命为国家数据局副局长,因此辞去了中国联通的职务[1]。",
        ["国家数据局副局长"],
    ),
    ("liu", "negation", "刘烈宏辞去了中国联通董事长职务,但保留了公司董事的身份[1]。", ["但保留了公司董事的身份"]),
    (
        "liu-career",
        "date-swap",
        "2021年6月,刘烈宏出任工信部副部长,是当时工信部最年轻的副部长[2]。",
        ["2021年6月,刘烈宏出任工信部副部长"],
    ),
    ("liu-career", "chinese-numeral", "这已是刘烈宏五年内的第三次职务调整[2]。", ["第三次职务调整"]),
    (
        "liu-career",
        "superlative",
        "2021年8月刘烈宏执掌中国联通,成为联通历史上最年轻的董事长[2]。",
        ["成为联通历史上最年轻的董事长"],
    ),
    ("liu-career", "modality", "随着领导班底明晰,国家数据局已于近日正式挂牌[1]。", ["国家数据局已于近日正式挂牌"]),
    (
        "liu-career",
        "other-subject",
        "2017年,刘烈宏出任中国电子信息产业集团有限公司董事、总经理[1]。",
        ["2017年,刘烈宏出任中国电子信息产业集团"],
    ),
    (
        "liu-career",
        "true-control",
        "刘烈宏生于1968年10月,2018年7月由中国电子科技集团调至中央网信办,出任副主任[1][2]。",
        [],
        {"facts": ["1968年10月"]},
    ),
    # 南京金陵第4艘59000吨江海联运散货船首航 (doc_02458)
    (
        "jinling",
        "other-subject",
        "8月5日开启首航的是系列第4艘船“长航东海”轮,它将前往舟山装载矿石[1]。",
        ["系列第4艘船“长航东海”轮"],
    ),
    ("jinling", "direction-flip", "“长航南海”轮解缆离泊后驶往舟山卸载矿石,开启了首航[1]。", ["驶往舟山卸载矿石"]),
    (
        "jinling",
        "superlative",
        "这型59000吨散货船总长199.95米,是目前长江上吨位最大的江海联运散货船[1]。",
        ["是目前长江上吨位最大的江海联运散货船"],
    ),
    (
        "jinling",
        "english-for-zh",
        "The Changhang Nanhai set off on its maiden voyage on 5 August, sailing to Ningbo to load ore [1].",
        ["sailing to Ningbo"],
    ),
    (
        "jinling-deal",
        "date-swap",
        "系列首艘“长航北海”轮今年年初交付,“长航黄海”“长航东海”轮随后入列[1]。",
        ["今年年初交付"],
    ),
    (
        "jinling-deal",
        "false-tail",
        "随着4艘59000吨散货船全面交付,长航上海公司的江海联运运力一举翻了一番[1]。",
        ["运力一举翻了一番"],
    ),
    (
        "jinling",
        "true-control",
        "8月5日,招商工业南京金陵船厂为长航集团上海公司建造的第4艘59000吨江海联运散货船“长航南海”轮开启首航[1]。",
        [],
        {"facts": ["59000吨"]},
    ),
    # 阿里巴巴ESG报告 (doc_02712)
    ("ali", "direction-flip", "2023财年,阿里巴巴自身运营二氧化碳净排放468.1万吨,同比上升12.9%[1]。", ["同比上升12.9%"]),
    ("ali", "qualifier-swap", "阿里巴巴2023财年减碳141.9万吨,环比增长128.9%[1]。", ["环比增长128.9%"]),
    ("ali", "ratio-inverted", "截至3月31日,阿里巴巴女性员工占比49.1%,管理层中则有41.9%为男性[1]。", ["41.9%为男性"]),
    (
        "ali-gov",
        "chinese-numeral",
        "阿里巴巴董事会中,独立董事占比提升到六成,女性董事占比则从两成提升到四成[1]。",
        ["从两成提升到四成"],
    ),
    ("ali-gov", "number-moved", "报告显示,阿里巴巴女性董事占比已提升到60%[1]。", ["女性董事占比已提升到60%"]),
    (
        "ali-gov",
        "false-tail",
        "832个脱贫县在阿里巴巴平台的销售额超过1300亿元,这主要得益于平台对脱贫县商家免收佣金[1]。",
        ["这主要得益于平台对脱贫县商家免收佣金"],
    ),
    (
        "ali-en",
        "english-number",
        "Alibaba's own operations emitted 4.681 million tonnes of carbon dioxide, 12.9% less than a year earlier, and "
        "it avoided one point four nine million tonnes [1].",
        ["one point four nine million tonnes"],
    ),
    (
        "ali-gov",
        "true-control",
        "截至2023年3月31日,钉钉用户超6亿,服务的企业组织超过2300万[1]。",
        [],
        {"facts": ["6亿"]},
    ),
    (
        "ali",
        "true-control",
        "2023财年,阿里巴巴自身运营二氧化碳净排放468.1万吨,同比下降12.9%;减碳141.9万吨,同比增长128.9%[1]。",
        [],
        {"facts": ["468.1万吨"]},
    ),
]

# A sixth calibration batch, written before the check was run on it, over six articles no other row uses (a reactor
# module lifted into place, a testing group's IPO, a district's carbon-finance hub, a dairy investment fair, a used-car
# dealer's results, a high-speed-rail tunnel). Numbered from news-701. Besides the kinds as named, some rows are the
# subtler cases: a true figure told of the wrong period (date-swap), a plan told as done (modality), an event moved to
# another place (other-subject), two items of a list swapped (number-moved), a rounding that changes the fact
# (qualifier-swap), a percentage told as percentage points (unit-swap), a role given to the other person named
# (title-swap).
SIXTH_CALIBRATION_ROWS: list[tuple] = [
    # “玲龙一号”核心模块吊装成功 (doc_02194)
    (
        "linglong-plan",
        "modality",
        "“玲龙一号”已于今年上半年并网发电,投运后每年发电量可达10亿度,可满足海南52.6万户家庭的用电需求[1]。",
        ["已于今年上半年并网发电"],
    ),
    (
        "linglong-both",
        "title-swap",
        "海南核电有限公司副总经理赵龙介绍,“玲龙一号”拥有小型化、模块化、一体化等先进技术[2]。",
        ["海南核电有限公司副总经理赵龙"],
    ),
    (
        "linglong-plan",
        "number-moved",
        "邓晓亮表示,目前“玲龙一号”的安装工作已完成85%,土建工作完成10%左右[1]。",
        ["安装工作已完成85%", "土建工作完成10%左右"],
    ),
    (
        "linglong-plan",
        "date-swap",
        "按照计划,“玲龙一号”将在2026年下半年并网发电,届时每年可减少二氧化碳排放约88万吨[1]。",
        ["2026年下半年"],
    ),
    (
        "linglong",
        "superlative",
        "“玲龙一号”是中国“十四五”规划中唯一的核能先进堆型示范工程,也是继“华龙一号”之后又一项重大自主创新成果[1]。",
        ["唯一的核能先进堆型示范工程"],
    ),
    (
        "linglong",
        "other-subject",
        "8月10日,全球首个陆上商用模块化小型反应堆“玲龙一号”的反应堆核心模块在福建漳州吊装成功[1]。",
        ["在福建漳州吊装成功"],
    ),
    (
        "linglong-en",
        "english-number",
        "Once in operation, Linglong One is expected to generate about 10 billion kWh of electricity a year, enough "
        "for 526,000 households in Hainan [1].",
        ["about 10 billion kWh"],
    ),
    (
        "linglong-both",
        "ratio-inverted",
        "8月10日“玲龙之心”吊装成功,主设备至此全部安装完成[1];不过土建工作目前还有85%没有完成,安装工作也只完成了10%左右[2]。",
        ["土建工作目前还有85%没有完成"],
    ),
    (
        "linglong-plan",
        "true-control",
        "据海南核电介绍,“玲龙一号”计划2026年上半年并网发电;投运后预计年发电量10亿度,能满足海南52.6万户家庭用电,"
        "每年还可减排二氧化碳约88万吨[1]。",
        [],
        {"facts": ["10亿度"]},
    ),
    (
        "linglong-both",
        "true-control",
        "8月10日,“玲龙一号”反应堆核心模块在海南昌江吊装成功,这意味着其主设备已全部安装完成[1]。"
        "目前项目土建工作完成了85%,安装工作完成约10%[2]。",
        [],
        {"facts": ["85%"]},
    ),
    # 广东建科创业板IPO过会 (doc_02892)
    (
        "gdjk-share",
        "negation-removed",
        "2019年至2021年,广东建科省内市场份额从1.49%降到1.42%[1];不过2022年毛利率已有所回升,公司的市场份额今后能够保持住并继续提升[2]。",
        ["公司的市场份额今后能够保持住并继续提升"],
    ),
    (
        "gdjk-share",
        "false-tail",
        "2019年至2021年,广东建科在广东省内的市场份额从1.49%连续降至1.42%,主要是公司主动收缩了省内业务、转向开拓省外市场[1]。",
        ["主要是公司主动收缩了省内业务、转向开拓省外市场"],
    ),
    (
        "gdjk-fin",
        "number-moved",
        "2020年至2022年,广东建科营业收入分别约为11.15亿元、10.72亿元和11.54亿元,收入规模整体平稳[1]。",
        ["11.15亿元、10.72亿元和11.54亿元"],
    ),
    (
        "gdjk",
        "chinese-numeral",
        "招股书显示,广东建科通过资质认定的检测标准超过四万一千本,掌握的检测参数有33047个[1]。",
        ["超过四万一千本"],
    ),
    (
        "gdjk-fin",
        "direction-flip",
        "2022年广东建科营业收入约10.72亿元,比2021年有所增长;归母净利润为1.03亿元[1]。",
        ["比2021年有所增长"],
    ),
    (
        "gdjk-share",
        "english-for-zh",
        "Guangdong Jianke's share of the Guangdong testing market has risen every year, from 1.42% in 2019 to 1.49% "
        "in 2021 [1].",
        ["has risen every year", "from 1.42% in 2019 to 1.49% in 2021"],
    ),
    (
        "gdjk-fin",
        "qualifier-swap",
        "财务数据显示,广东建科2020年至2022年的利润总额分别为1.18亿元、1.54亿元和1.03亿元[1]。",
        ["利润总额分别为1.18亿元、1.54亿元和1.03亿元"],
    ),
    (
        "gdjk-share",
        "ratio-inverted",
        "受检测行业服务半径的限制,2020年至2022年广东省外业务贡献了广东建科约97%的主营业务收入[1]。",
        ["广东省外业务贡献了广东建科约97%的主营业务收入"],
    ),
    (
        "gdjk-share",
        "true-control",
        "招股书显示,广东建科约97%的主营业务收入来自广东省内;2019年至2021年,它在省内的市场份额由1.49%逐年降至1.42%[1]。",
        [],
        {"facts": ["97%"]},
    ),
    (
        "gdjk-en",
        "true-control",
        "According to its prospectus, Guangdong Jianke had revenue of about 1.072 billion yuan in 2022 and net profit "
        "attributable to shareholders of 103 million yuan, both down from 2021 [1].",
        [],
        {"facts": ["1.072 billion yuan"]},
    ),
    # 6家机构入驻武昌中碳登大厦 (doc_02624)
    (
        "wuchang",
        "negation",
        "这批入驻中碳登大厦的都是社会公益组织,没有高校的科研团队[1]。",
        ["都是社会公益组织", "没有高校的科研团队"],
    ),
    (
        "wuchang",
        "false-tail",
        "武汉大学气候变化与能源经济研究中心等6家单位集中入驻了中碳登大厦,入驻机构三年内可免交租金[1]。",
        ["入驻机构三年内可免交租金"],
    ),
    (
        "wuchang-both",
        "chinese-numeral",
        "全国生态日当天,共有八家国家级科研团队和公益组织揭牌入驻中碳登大厦[1],武昌区还同步举办了“双碳”发展主题宣传活动[2]。",
        ["共有八家国家级科研团队和公益组织"],
    ),
    (
        "wuchang-carbon",
        "modality",
        "武昌区已建成全国碳金融集聚区,服务的气候投融资重点项目总投资达459亿元[1]。",
        ["已建成全国碳金融集聚区"],
    ),
    (
        "wuchang",
        "english-for-zh",
        "Six institutions moved into the Zhongtandeng building, among them Peking University's climate governance "
        "centre and the Yangtze River ecology foundation's zero-carbon office [1].",
        ["Peking University's climate governance centre"],
    ),
    (
        "wuchang-carbon",
        "qualifier-swap",
        "近年来武昌区服务了一批气候投融资重点项目,总投资超过460亿元,并吸引100余家涉碳企业和机构落户[1]。",
        ["总投资超过460亿元"],
    ),
    (
        "wuchang-both",
        "title-swap",
        "活动现场,湖北省政协主席王红玲和武汉大学教授周培疆分别作了专题讲座[2]。",
        ["湖北省政协主席王红玲"],
    ),
    (
        "wuchang",
        "true-control",
        "据人民网报道,8月15日首个全国生态日当天,武汉大学气候变化与能源经济研究中心、华中科技大学全球气候治理研究中心"
        "等6家机构集中入驻位于武昌区的中碳登大厦[1]。",
        [],
        {"facts": ["6家"]},
    ),
    (
        "wuchang-carbon",
        "true-control",
        "武昌区以碳金融和气候投融资试点为抓手,服务的气候投融资重点项目总投资达459亿元,还推动了100多家涉碳企业和机构落户[1]。",
        [],
        {"facts": ["459亿元"]},
    ),
    # 世界奶业大会全产业链招商推介会 (doc_02282)
    ("dairy", "unit-swap", "8月7日的全产业链招商推介会上,共达成投资及交易额2083.46亿美元[1]。", ["2083.46亿美元"]),
    (
        "dairy",
        "number-moved",
        "推介会吸引了众多国内外企业参会,现场共签约197个项目,投资及交易额达2083.46亿元[1]。",
        ["现场共签约197个项目"],
    ),
    (
        "dairy",
        "superlative",
        "此次推介会共达成投资及交易额2083.46亿元,创下历届世界奶业大会的最高纪录[1]。",
        ["创下历届世界奶业大会的最高纪录"],
    ),
    (
        "dairy",
        "other-subject",
        "世界奶业大会7日在包头举行全产业链招商推介会,197家企业到场参会[1]。",
        ["在包头举行全产业链招商推介会"],
    ),
    (
        "dairy-en",
        "english-number",
        "The fair closed with investment and trade deals worth about 20.8 billion yuan, and 197 companies from China "
        "and abroad took part [1].",
        ["about 20.8 billion yuan"],
    ),
    (
        "dairy-close",
        "title-swap",
        "内蒙古商务厅投资促进处处长赵娜表示,项目签约对内蒙古打造“从一棵草到一杯奶”的全产业链具有重要意义[1]。",
        ["投资促进处处长赵娜"],
    ),
    (
        "dairy-close",
        "false-tail",
        "世界奶业大会开幕式5日在呼和浩特市举行,随着招商推介会举行,大会也将收官,下一届将于2025年移师荷兰举办[1]。",
        ["下一届将于2025年移师荷兰举办"],
    ),
    (
        "dairy-close",
        "date-swap",
        "以“创新合作、绿色低碳”为主题的世界奶业大会于8月7日开幕,地点在呼和浩特市[1]。",
        ["于8月7日开幕"],
    ),
    (
        "dairy",
        "true-control",
        "据中新网报道,世界奶业大会期间举行的全产业链招商推介会吸引了197家国内外企业,最终达成投资及交易额约2083亿元[1]。",
        [],
        {"facts": ["2083亿元"]},
    ),
    (
        "dairy-en",
        "true-control",
        "The full-industry-chain investment fair drew 197 Chinese and foreign companies and produced investment and "
        "trade deals worth 208.346 billion yuan [1].",
        [],
        {"facts": ["208.346 billion yuan"]},
    ),
    # 优信集团一季度及财年业绩 (doc_02548)
    (
        "uxin-both",
        "negation",
        "一季度优信零售交易量2,259辆,同比增长22.2%[1];新车市场的价格战并未对二手车市场造成明显扰动[2]。",
        ["并未对二手车市场造成明显扰动"],
    ),
    (
        "uxin-fy",
        "negation-removed",
        "8月14日,优信集团发布了经过审计的季度报告及全年财报,财年总收入20.59亿元,同比增长25.9%[1]。",
        ["经过审计的季度报告"],
    ),
    (
        "uxin",
        "unit-swap",
        "2023年第一季度,优信零售交易量为2,259辆,同比增长22.2个百分点[1]。",
        ["同比增长22.2个百分点"],
    ),
    (
        "uxin",
        "date-swap",
        "优信2023年第一季度零售交易量达到10703辆,同比增长105.4%[1]。",
        ["2023年第一季度零售交易量达到10703辆"],
    ),
    (
        "uxin",
        "direction-flip",
        "一季度优信零售交易量2,259辆,但毛利率由去年同期的2.3%下滑至0.2%[1]。",
        ["由去年同期的2.3%下滑至0.2%"],
    ),
    (
        "uxin-outlook",
        "modality",
        "首席财务官林峰表示,优信卖场已经实现EBITDA盈利,毛利率二季度将达到6%以上[1]。",
        ["优信卖场已经实现EBITDA盈利"],
    ),
    (
        "uxin-outlook",
        "english-for-zh",
        "CFO Lin Feng said Uxin's gross margin would climb above 6% only in the fourth quarter, and that its "
        "superstores were not expected to reach EBITDA profit before 2024 [1].",
        ["only in the fourth quarter", "not expected to reach EBITDA profit before 2024"],
    ),
    (
        "uxin-en",
        "english-number",
        "Uxin's total revenue for the fiscal year was 20.59 billion yuan, up 25.9% year on year [1].",
        ["20.59 billion yuan"],
    ),
    ("uxin", "qualifier-swap", "优信一季度零售交易量2,259辆,环比增长22.2%;毛利率为2.3%[1]。", ["环比增长22.2%"]),
    (
        "uxin-fy",
        "ratio-inverted",
        "本财年优信二手车总交易量20,029辆,零售交易量10703辆,也就是说总交易量只占零售交易量的一半左右[1]。",
        ["总交易量只占零售交易量的一半左右"],
    ),
    (
        "uxin-fy",
        "true-control",
        "财报显示,截至2023年3月31日的财年,优信总收入20.59亿元,同比增长约26%;零售交易量10703辆,比上一财年翻了一番多[1]。",
        [],
        {"facts": ["20.59亿元"]},
    ),
    (
        "uxin-outlook",
        "true-control",
        "林峰表示,优信毛利率正处在持续增长的轨道上,预计二季度将达到6%以上,公司也有信心在2023年内实现卖场EBITDA盈利[1]。",
        [],
        {"facts": ["6%以上"]},
    ),
    (
        "uxin-en",
        "true-control",
        "For the fiscal year ended March 31, 2023, Uxin's total revenue was 2.059 billion yuan, up 25.9% from a year "
        "earlier [1].",
        [],
        {"facts": ["2.059 billion yuan"]},
    ),
    # 渝万高铁六子堡隧道贯通 (doc_02486)
    (
        "yuwan-both",
        "negation",
        "六子堡隧道8月14日顺利贯通[1],施工过程中没有遇到明显的地质难题[2]。",
        ["施工过程中没有遇到明显的地质难题"],
    ),
    (
        "yuwan-both",
        "negation-removed",
        "六子堡隧道所在地段土质坚实、围岩稳定,项目团队据此优化施工方案,隧道比原设计提前一周贯通[2]。",
        ["土质坚实、围岩稳定"],
    ),
    (
        "yuwan-tunnel",
        "unit-swap",
        "六子堡隧道位于重庆市涪陵区珍溪镇,全长225公里,为单洞双线隧道[1]。",
        ["全长225公里"],
    ),
    ("yuwan", "date-swap", "六子堡隧道于2023年3月13日进洞施工,8月14日顺利贯通[1]。", ["2023年3月13日"]),
    (
        "yuwan-tunnel",
        "chinese-numeral",
        "这条隧道全长二百五十二米,最大埋深约22米,设计时速350公里[1]。",
        ["全长二百五十二米"],
    ),
    (
        "yuwan-both",
        "direction-flip",
        "由于土质松软、围岩稳定性差,六子堡隧道比原设计方案推迟了一周才贯通[2]。",
        ["推迟了一周才贯通"],
    ),
    (
        "yuwan",
        "superlative",
        "8月14日贯通的六子堡隧道,是渝万高铁全线首个贯通的隧道[1]。",
        ["是渝万高铁全线首个贯通的隧道"],
    ),
    (
        "yuwan",
        "other-subject",
        "由中国中铁大桥局承建的渝万高铁站前5标六子堡隧道,已于8月14日贯通[1]。",
        ["由中国中铁大桥局承建"],
    ),
    (
        "yuwan-en",
        "true-control",
        "The Liuzibao tunnel, in Zhenxi town of Chongqing's Fuling district, is 225 metres long; it is a single-bore, "
        "double-track tunnel designed for 350 km/h [1].",
        [],
        {"facts": ["225 metres"]},
    ),
    (
        "yuwan-both",
        "true-control",
        "据中国铁建大桥局消息,六子堡隧道于8月14日贯通,是渝万高铁站前5标首个贯通的隧道[1];面对土质松软、围岩稳定性差的"
        "难题,项目团队通过超前地质预报、超前支护等措施,比原设计方案提前一周完成贯通[2]。",
        [],
        {"facts": ["提前一周"]},
    ),
]

SEVENTH_CALIBRATION_ROWS: list[tuple] = [
    # 6月及上半年汽车整车出口 (doc_02767)
    (
        "autoexp-both",
        "superlative",
        "6月纯电动机动车、轿车、客车、载货车出口量分列前四位,其中轿车出口量居首,环比还小幅增长[1]。",
        ["其中轿车出口量居首"],
    ),
    (
        "autoexp-h1",
        "superlative",
        "今年上半年我国汽车整车出口234.1万辆,同比增长76.9%,出口量已跃居全球第一[1]。",
        ["出口量已跃居全球第一"],
    ),
    (
        "autoexp",
        "unit-swap",
        "2023年6月,我国汽车整车出口41.1万辆,出口金额77.6亿元,环比下降14.2%[1]。",
        ["出口金额77.6亿元"],
    ),
    (
        "autoexp",
        "chinese-numeral",
        "据中汽协数据,6月整车出口量虽环比下降6.3%,但出口金额同比增长了两倍[1]。",
        ["出口金额同比增长了两倍"],
    ),
    (
        "autoexp",
        "chinese-numeral",
        "6月我国汽车整车出口41.1万辆,同比增长逾八成,出口金额同比增长1.1倍[1]。",
        ["同比增长逾八成"],
    ),
    (
        "autoexp-h1",
        "modality",
        "中汽协副秘书长陈士华表示,今年我国新能源汽车销量已经达到900万辆,保持着较快增长[1]。",
        ["今年我国新能源汽车销量已经达到900万辆"],
    ),
    (
        "autoexp-h1",
        "title-swap",
        "中国汽车工业协会秘书长陈士华预计,我国全年新能源汽车销量将达到900万辆[1]。",
        ["中国汽车工业协会秘书长陈士华"],
    ),
    (
        "autoexp-both",
        "other-subject",
        "中汽协数据显示,2022年我国新能源汽车销量688.7万辆,同比增长96.9%,连续8年保持全球第一[2]。",
        ["销量688.7万辆,同比增长96.9%"],
    ),
    (
        "autoexp",
        "true-control",
        "据中汽协整理的海关数据,6月我国汽车整车出口41.1万辆,环比下降6.3%,同比增长65.5%;出口金额77.6亿美元,"
        "同比增长1.1倍[1]。",
        [],
        {"facts": ["41.1万辆"]},
    ),
    (
        "autoexp-h1",
        "true-control",
        "上半年我国整车出口234.1万辆,同比增长76.9%[1]。中汽协副秘书长陈士华预计,今年全年新能源汽车销量将达到900万辆;"
        "2022年新能源汽车产销分别为705.8万辆和688.7万辆,已连续8年保持全球第一[1]。",
        [],
        {"facts": ["900万辆"]},
    ),
    # 巴西圣保罗乙醇制氢加氢站开工 (doc_02445)
    (
        "h2br-plan",
        "other-subject",
        "壳牌巴西公司首席执行官里卡多·穆萨表示,乙醇制氢加氢站可以充分利用现有乙醇运输网络,大幅降低运输成本[1]。",
        ["壳牌巴西公司首席执行官里卡多·穆萨"],
    ),
    (
        "h2br-plan",
        "title-swap",
        "圣保罗市市长塔西西奥·德弗雷塔斯在开工仪式上表示,将从立法、监管等方面大力推动乙醇制氢[1]。",
        ["圣保罗市市长塔西西奥·德弗雷塔斯"],
    ),
    (
        "h2br",
        "modality",
        "由圣保罗大学、壳牌巴西公司和赖森能源公司等合作建设的乙醇制氢加氢站已于8月10日建成投产,每小时可生产4.5公斤氢气[1]。",
        ["已于8月10日建成投产"],
    ),
    (
        "h2br-plan",
        "modality",
        "目前,这座加氢站已在为3辆公交车和1辆小型汽车供氢,车辆在圣保罗大学城内试运行[1]。",
        ["已在为3辆公交车和1辆小型汽车供氢"],
    ),
    (
        "h2br",
        "unit-swap",
        "加氢站位于圣保罗大学内,规划面积为425公顷,运用乙醇蒸汽重整制氢技术[1]。",
        ["规划面积为425公顷"],
    ),
    (
        "h2br",
        "unit-swap",
        "据报道,该加氢站以乙醇为原料,每小时能生产4.5吨氢气[1]。",
        ["每小时能生产4.5吨氢气"],
    ),
    (
        "h2br",
        "chinese-numeral",
        "据设计方介绍,乙醇制氢加氢站的主要优势是原料运输成本低,只有传统加氢站的三分之一[1]。",
        ["只有传统加氢站的三分之一"],
    ),
    (
        "h2br-both",
        "superlative",
        "乙醇制氢加氢站预计明年第二季度投产[1]。巴西是世界上最早发展燃料乙醇技术的国家,主要用甘蔗和玉米生产燃料乙醇[2]。",
        ["巴西是世界上最早发展燃料乙醇技术的国家"],
    ),
    (
        "h2br",
        "true-control",
        "据新华社报道,由圣保罗大学、壳牌巴西公司和赖森能源公司等机构合作建设的乙醇制氢加氢站8月10日开工,预计明年"
        "第二季度投产;加氢站规划面积425平方米,每小时可用乙醇生产4.5公斤氢气[1]。",
        [],
        {"facts": ["425平方米"]},
    ),
    (
        "h2br-both",
        "true-control",
        "这座加氢站原料运输成本只有传统加氢站的四分之一,预计明年第二季度投产[1];按计划,它将为3辆公交车和1辆小型汽车"
        "供氢,车辆在圣保罗大学城内试运行[2]。",
        [],
        {"facts": ["3辆公交车"]},
    ),
    # 湖北启动两项博士后人才计划 (doc_02796)
    (
        "postdoc",
        "modality",
        "“湖北省博士后尖端人才引进计划”已资助40名优秀博士进站从事博士后研究,每人每年20万元[1]。",
        ["已资助40名优秀博士进站"],
    ),
    (
        "postdoc-both",
        "other-subject",
        "湖北省人社厅决定设立两项计划,其中“湖北省博士后优秀人才跟踪支持计划”将资助40名博士进站,每人每年20万元[1]。",
        ["“湖北省博士后优秀人才跟踪支持计划”将资助40名博士进站"],
    ),
    (
        "postdoc-track",
        "other-subject",
        "入选跟踪支持计划的人员,可直接纳入“湖北省博士后卓越人才跟踪培养计划”[1]。",
        ["可直接纳入“湖北省博士后卓越人才跟踪培养计划”"],
    ),
    (
        "postdoc-track",
        "negation-removed",
        "已入选“博士后创新人才支持计划”“香江学者计划”等项目的人员,也可以重复获得资助[1]。",
        ["也可以重复获得资助"],
    ),
    (
        "postdoc-track",
        "negation-removed",
        "获选人员期满出站后,可被省事业单位作为高层次紧缺人才引进,但首次聘用岗位仍受单位专业技术岗位结构比例限制[1]。",
        ["首次聘用岗位仍受单位专业技术岗位结构比例限制"],
    ),
    (
        "postdoc-track",
        "unit-swap",
        "“湖北省博士后优秀人才跟踪支持计划”的支持措施是每人每月发放5万元人才津贴,连续发放3年[1]。",
        ["每人每月发放5万元人才津贴"],
    ),
    (
        "postdoc-track",
        "chinese-numeral",
        "优秀人才跟踪支持计划2023年度资助数量为一百五十个,以后每年视情况确定[1]。",
        ["资助数量为一百五十个"],
    ),
    (
        "postdoc",
        "superlative",
        "尖端人才引进计划给予每人每年20万元资助,资助期2年,资助力度在全国各省份中最高[1]。",
        ["资助力度在全国各省份中最高"],
    ),
    (
        "postdoc",
        "true-control",
        "据湖北日报报道,省人社厅决定自今年起设立博士后尖端人才引进计划,资助40名优秀博士进站从事博士后研究,每人每年"
        "资助20万元、为期2年,设站单位还应给予不低于1:1的配套经费[1]。",
        [],
        {"facts": ["20万元"]},
    ),
    (
        "postdoc-track",
        "true-control",
        "优秀人才跟踪支持计划2023年度共资助100个名额,每人每年发放5万元人才津贴,连续发放3年;已入选“博士后创新人才支持计划”等"
        "项目的人员不重复资助[1]。",
        [],
        {"facts": ["5万元"]},
    ),
    # 联发科业绩说明会 (doc_02773)
    (
        "mtk",
        "title-swap",
        "联发科董事长蔡力行表示,现阶段看起来手机需求不会变得更差,可以对明年的手机市场有些期待[1]。",
        ["联发科董事长蔡力行"],
    ),
    (
        "mtk",
        "negation-removed",
        "针对华为将携手中芯生产5G芯片的消息,蔡力行强调,联发科目前已获准向华为供货[1]。",
        ["联发科目前已获准向华为供货"],
    ),
    (
        "mtk",
        "negation-removed",
        "蔡力行认为,华为携手中芯生产5G芯片将对联发科产生重大影响[1]。",
        ["将对联发科产生重大影响"],
    ),
    (
        "mtk",
        "other-subject",
        "据钜亨网报道,联发科将携手中芯生产5G芯片,并准备推出第三代手机旗舰产品[1]。",
        ["联发科将携手中芯生产5G芯片"],
    ),
    (
        "mtk",
        "modality",
        "蔡力行表示,上次换机潮已过去两年,明年手机市场需求将明显回升[1]。",
        ["明年手机市场需求将明显回升"],
    ),
    (
        "mtk-fin",
        "unit-swap",
        "联发科二季度营收为981.35亿元人民币,环比增长2.6%[1]。",
        ["981.35亿元人民币"],
    ),
    (
        "mtk-fin",
        "chinese-numeral",
        "联发科CFO顾大为称,今年不论哪一部分市场,联发科市占率都在三成以上[1]。",
        ["市占率都在三成以上"],
    ),
    (
        "mtk-fin",
        "superlative",
        "顾大为表示,联发科在旗舰手机市场的出货量稳健提升,市占率已位居第一[1]。",
        ["市占率已位居第一"],
    ),
    (
        "mtk-fin",
        "true-control",
        "据IT之家报道,联发科二季度营收981.35亿新台币(约合224.73亿元人民币),环比增长2.6%;归母净利润159.65亿新台币,"
        "环比下降5.4%[1]。",
        [],
        {"facts": ["981.35亿新台币"]},
    ),
    (
        "mtk-both",
        "true-control",
        "联发科副董事长兼CEO蔡力行表示,手机需求看起来不会变得更差,但联发科仍未获准向华为供货[1];CFO顾大为则称,今年"
        "联发科各部分市场的市占率都在20%以上[2]。",
        [],
        {"facts": ["20%"]},
    ),
]
