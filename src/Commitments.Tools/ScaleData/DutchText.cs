namespace Commitments.Tools.ScaleData;

/// <summary>
/// Word lists and sentence templates for Dutch-looking scale data. Places are real, organisations and
/// people are made up. Some texts deliberately hold characters that must survive every page and
/// download unchanged: "3/4", "&amp;", quotes, dashes and diacritics (Fryslân, oriëntatie, Bèta).
/// </summary>
internal static class DutchText
{
    /// <summary>Per province (the names of <see cref="Core.ReferenceData.PactReferenceData"/>): a weight
    /// (roughly its population in hundred thousands), places for names, and municipalities.</summary>
    public sealed record ProvinceText(string Name, int Weight, string OfficialName, string[] Places, string[] Municipalities);

    public static readonly ProvinceText[] Provinces =
    [
        new("Groningen", 6, "Groningen",
            ["Groningen", "Delfzijl", "Veendam", "Hoogezand", "Winschoten", "Stadskanaal", "Appingedam", "Leek", "Uithuizen"],
            ["Groningen", "Delfzijl", "Veendam", "Midden-Groningen", "Oldambt", "Stadskanaal", "Appingedam", "Het Hogeland", "Westerkwartier"]),
        new("Friesland", 6, "Fryslân",
            ["Leeuwarden", "Drachten", "Sneek", "Heerenveen", "Harlingen", "Franeker", "Dokkum", "Joure", "Wolvega"],
            ["Leeuwarden", "Smallingerland", "Súdwest-Fryslân", "Heerenveen", "Harlingen", "Waadhoeke", "Noardeast-Fryslân", "De Fryske Marren", "Weststellingwerf"]),
        new("Drenthe", 5, "Drenthe",
            ["Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Roden", "Beilen", "Zuidlaren"],
            ["Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Noordenveld", "Midden-Drenthe", "Tynaarlo", "Borger-Odoorn"]),
        new("Overijssel", 12, "Overijssel",
            ["Zwolle", "Enschede", "Hengelo", "Almelo", "Deventer", "Kampen", "Oldenzaal", "Hardenberg", "Rijssen", "Raalte"],
            ["Zwolle", "Enschede", "Hengelo", "Almelo", "Deventer", "Kampen", "Oldenzaal", "Hardenberg", "Rijssen-Holten", "Raalte"]),
        new("Gelderland", 20, "Gelderland",
            ["Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Doetinchem", "Zutphen", "Harderwijk", "Tiel", "Wageningen", "Winterswijk", "Culemborg"],
            ["Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Doetinchem", "Zutphen", "Harderwijk", "Tiel", "Wageningen", "Winterswijk", "Culemborg"]),
        new("Noord-Brabant", 25, "Noord-Brabant",
            ["Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond", "Oss", "Roosendaal", "Bergen op Zoom", "Veghel", "Uden", "Waalwijk"],
            ["Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond", "Oss", "Roosendaal", "Bergen op Zoom", "Meierijstad", "Uden", "Waalwijk"]),
        new("Limburg", 11, "Limburg",
            ["Maastricht", "Venlo", "Heerlen", "Sittard", "Roermond", "Weert", "Kerkrade", "Geleen", "Venray", "Brunssum"],
            ["Maastricht", "Venlo", "Heerlen", "Sittard-Geleen", "Roermond", "Weert", "Kerkrade", "Venray", "Brunssum"]),
        new("Zeeland", 4, "Zeeland",
            ["Middelburg", "Vlissingen", "Goes", "Terneuzen", "Zierikzee", "Hulst", "Oostburg"],
            ["Middelburg", "Vlissingen", "Goes", "Terneuzen", "Schouwen-Duiveland", "Hulst", "Sluis"]),
        new("Noord-Holland", 29, "Noord-Holland",
            ["Amsterdam", "Haarlem", "Alkmaar", "Zaandam", "Hilversum", "Den Helder", "Hoorn", "Purmerend", "Amstelveen", "Hoofddorp", "Enkhuizen"],
            ["Amsterdam", "Haarlem", "Alkmaar", "Zaanstad", "Hilversum", "Den Helder", "Hoorn", "Purmerend", "Amstelveen", "Haarlemmermeer", "Enkhuizen"]),
        new("Flevoland", 4, "Flevoland",
            ["Almere", "Lelystad", "Emmeloord", "Dronten", "Zeewolde"],
            ["Almere", "Lelystad", "Noordoostpolder", "Dronten", "Zeewolde"]),
        new("Utrecht", 13, "Utrecht",
            ["Utrecht", "Amersfoort", "Veenendaal", "Nieuwegein", "Zeist", "Houten", "Woerden", "IJsselstein"],
            ["Utrecht", "Amersfoort", "Veenendaal", "Nieuwegein", "Zeist", "Houten", "Woerden", "IJsselstein"]),
        new("Zuid-Holland", 37, "Zuid-Holland",
            ["Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Delft", "Zoetermeer", "Gouda", "Schiedam", "Vlaardingen", "Alphen aan den Rijn", "Spijkenisse", "Gorinchem"],
            ["Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Delft", "Zoetermeer", "Gouda", "Schiedam", "Vlaardingen", "Alphen aan den Rijn", "Nissewaard", "Gorinchem"]),
    ];

    public static readonly string[] Surnames =
    [
        "Van der Berg", "De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "De Groot",
        "Bos", "Vos", "Peters", "Hendriks", "Van Dijk", "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits",
        "De Graaf", "Van der Meer", "Van der Linden", "Kok", "Jacobs", "De Haan", "Vermeulen", "Van den Heuvel",
        "Van der Veen", "Van den Broek", "Huisman", "Postma", "Kuipers", "Schouten", "Wolters", "Hoekstra",
        "Veenstra", "Van Leeuwen", "Prins", "Koster", "Willems", "Evers", "Timmermans", "Groen", "Wouters",
        "Nijhuis", "Hofman", "Kramer", "Scholten", "Post", "Zijlstra", "Bosman", "Kuiper", "Van Wijk", "Verbeek",
        "Lammers", "Otten", "Maas", "Verhoeven", "Koning", "Sanders", "Gerritsen", "Boersma", "Van Beek",
    ];

    public static readonly string[] BusinessTrades =
    [
        "Installatiebedrijf", "Installatietechniek", "Elektrotechniek", "Metaalbewerking", "Machinebouw",
        "Constructiebedrijf", "Bouwbedrijf", "Aannemersbedrijf", "Technisch Bureau", "Ingenieursbureau",
        "Automatisering", "Scheepswerf", "Kunststoftechniek", "Procestechniek", "Precisietechniek",
        "Klimaattechniek", "Energietechniek", "Zonnetechniek", "Mechatronica", "Lasbedrijf", "Staalbouw",
        "Regeltechniek", "Meettechniek", "Software", "Werktuigbouw",
    ];

    public static readonly string[] BusinessBrands =
    [
        "Nedtherm", "Hollandia Systems", "Dutch Precision", "Polderlicht", "Deltatronic", "Windkracht",
        "Solarwerk", "Techwerk", "Robotix", "Staalkracht", "Vakwerk", "Innotec", "Flowtech", "Duurzaam Dak",
        "Maakbaar", "Voltix", "Hydrotec", "Lasertec", "Datalink", "Smartbouw",
    ];

    public static readonly string[] LegalForms = ["BV", "BV", "BV", "BV", "B.V.", "& Zn. BV", "Groep BV", "VOF", "Holding BV", "NV"];

    public static readonly string[] SchoolPatrons =
    [
        "Erasmus", "Thorbecke", "Comenius", "Christiaan Huygens", "Simon Stevin", "Lorentz", "Van Leeuwenhoek",
        "Stedelijk", "Montessori", "Vincent van Gogh", "Maerlant", "Da Vinci",
    ];

    public static readonly string[] PrimarySchoolNames =
    [
        "De Regenboog", "De Vlinder", "Het Kompas", "De Wegwijzer", "De Klimop", "De Zonnewijzer", "Het Palet",
        "De Fontein", "De Windroos", "Het Anker", "De Springplank", "De Ontdekking",
    ];

    public static readonly string[] ExpertiseTopics =
    [
        "Smart Industry", "Energietransitie", "Water", "Robotica", "Materialen", "Maintenance", "Circulaire Economie",
        "Digitale Fabricage", "Life Sciences & Health", "Chemie", "Agrifood-techniek", "Mobiliteit",
    ];

    public static readonly string[] TnoLocations = ["Delft", "Den Haag", "Eindhoven", "Groningen", "Helmond", "Leiden", "Soesterberg", "Utrecht", "Petten", "Enschede"];

    public static readonly string[] WaterBoards =
    [
        "Waterschap Noorderzijlvest", "Wetterskip Fryslân", "Waterschap Drents Overijsselse Delta", "Waterschap Vechtstromen",
        "Waterschap Rijn en IJssel", "Waterschap Vallei en Veluwe", "Waterschap Aa en Maas", "Waterschap De Dommel",
        "Waterschap Brabantse Delta", "Waterschap Limburg", "Waterschap Scheldestromen", "Hoogheemraadschap Hollands Noorderkwartier",
        "Hoogheemraadschap van Rijnland", "Hoogheemraadschap De Stichtse Rijnlanden", "Hoogheemraadschap van Delfland",
        "Waterschap Hollandse Delta", "Waterschap Zuiderzeeland",
    ];

    public static readonly string[] Sectors =
    [
        "installatietechniek", "metaalsector", "maakindustrie", "elektrotechniek", "procesindustrie", "bouw en infra",
        "scheepsbouw", "mobiliteitssector", "ICT-sector", "food-technologie",
    ];

    public static readonly string[] MunicipalityDepartments =
    [
        "afdeling Economische Zaken", "Werkgeversservicepunt", "afdeling Onderwijs", "team Arbeidsmarkt", "afdeling Duurzaamheid",
    ];

    /// <summary>Per theme, in the order of <see cref="Core.ReferenceData.PactReferenceData.Themes"/>.</summary>
    public sealed record ThemeText(string[] Titles, string[] Motives, IndicatorTemplate[] Indicators);

    public enum IndicatorKind
    {
        Count,
        Percent,
        Euro,
        Hours,
    }

    public sealed record IndicatorTemplate(string Name, string Unit, IndicatorKind Kind);

    private static IndicatorTemplate Count(string name, string unit = "aantal") => new(name, unit, IndicatorKind.Count);

    private static IndicatorTemplate Percent(string name) => new(name, "procent", IndicatorKind.Percent);

    private static IndicatorTemplate Euro(string name) => new(name, "euro", IndicatorKind.Euro);

    private static IndicatorTemplate Hours(string name) => new(name, "uren", IndicatorKind.Hours);

    public static readonly ThemeText[] Themes =
    [
        // Energietransitie
        new(
            [
                "Opleiden van {n} warmtepompmonteurs in {place}",
                "Leerwerkplaats zonnepanelen en laadpalen {place}",
                "Omscholing naar installatietechnicus voor de energietransitie",
                "Praktijkcentrum duurzame installatietechniek {region}",
                "Energiecoaches: {n} mbo-studenten in de wijk",
                "Bijscholing monteurs voor aardgasvrije wijken in {place}",
                "Regionale aanpak tekort aan elektrotechnici in {region}",
                "Leeromgeving windenergie op zee",
            ],
            [
                "De vraag naar installateurs en elektrotechnici groeit snel door de overgang naar duurzame energie.",
                "Voor aardgasvrije wijken zijn de komende jaren duizenden extra vakmensen nodig.",
                "Zonder voldoende technici loopt de energietransitie in de regio vertraging op.",
            ],
            [
                Count("opgeleide warmtepompmonteurs"), Count("stageplaatsen installatietechniek"),
                Count("omgeschoolde werknemers", "deelnemers"), Count("gecertificeerde monteurs zonne-energie"),
                Euro("investering in praktijkruimte"), Percent("gediplomeerden met een baan in de sector"),
            ]),
        // Digitalisering
        new(
            [
                "Digitale vaardigheden voor {n} docenten in {place}",
                "Smart Industry fieldlab voor mbo-studenten",
                "Programmeerlessen op {n} basisscholen in {region}",
                "Datalab {place}: praktijkopdrachten voor studenten",
                "Omscholing naar ICT-beheerder voor zij-instromers",
                "Cybersecurity-traject voor mkb-bedrijven in {place}",
                "Robotica en automatisering in de werkplaats",
                "3/4 van de vmbo-scholen in {region} met een digitale werkplaats",
            ],
            [
                "Digitalisering verandert het werk in de techniek ingrijpend.",
                "Bedrijven in de regio zoeken medewerkers die met data, software en geautomatiseerde productie kunnen werken.",
                "Het onderwijs moet gelijke tred houden met de digitale ontwikkelingen in de industrie.",
            ],
            [
                Count("docenten met digitale bijscholing", "docenten"), Count("basisscholen met programmeerlessen"),
                Count("studenten in fieldlab-opdrachten", "studenten"), Count("bereikte mkb-bedrijven"),
                Euro("investering in digitale leermiddelen"), Hours("uren praktijkopdrachten"),
            ]),
        // Leven lang ontwikkelen
        new(
            [
                "Leven lang ontwikkelen: {n} technici bijgeschoold",
                "Scholingsvouchers voor werknemers in de {sector}",
                "Leerrekening voor technisch personeel in {place}",
                "Van werkloos naar technicus: omscholing in {place}",
                "Praktijkverklaring voor ervaren vakmensen",
                "Mkb-scholingsfonds techniek {region}",
                "Zij-instroom in de techniek voor 45-plussers",
            ],
            [
                "Technische kennis veroudert snel; werknemers moeten zich hun hele loopbaan blijven ontwikkelen.",
                "Voor zij-instromers en werkzoekenden is omscholing naar de techniek een kansrijke route.",
                "Kleine bedrijven hebben weinig tijd en geld voor scholing van hun medewerkers.",
            ],
            [
                Count("bijgeschoolde technici", "deelnemers"), Count("uitgegeven scholingsvouchers"),
                Count("zij-instromers in technische functies"), Count("behaalde praktijkverklaringen"),
                Hours("scholingsuren"), Percent("deelnemers dat de opleiding afrondt"),
            ]),
        // Techniek in het primair onderwijs
        new(
            [
                "Techniekmiddagen op {n} basisscholen in {place}",
                "Wetenschap en techniek in de klas: Techniek Toppers",
                "Techniektas voor groep 7 en 8 in {region}",
                "Bijscholing leerkrachten wetenschap & technologie",
                "Bedrijfsbezoeken voor basisschoolleerlingen in {place}",
                "Techniekcoach voor {n} scholen in {region}",
                "Lesmateriaal \"Ontdek de techniek\" voor groep 5 tot en met 8",
            ],
            [
                "Kinderen maken op de basisschool kennis met wetenschap en techniek, maar veel leerkrachten voelen zich daarin onzeker.",
                "Vroege kennismaking met techniek vergroot de kans dat kinderen later voor een technische opleiding kiezen.",
                "Vanaf 2020 hoort wetenschap en technologie bij het vaste aanbod van elke basisschool.",
            ],
            [
                Count("basisscholen met techniekonderwijs"), Count("bereikte leerlingen", "leerlingen"),
                Count("bijgeschoolde leerkrachten", "leerkrachten"), Count("gastlessen door technici"),
                Count("bedrijfsbezoeken"), Percent("scholen met structureel aanbod wetenschap en technologie"),
            ]),
        // Kiezen voor techniek
        new(
            [
                "Meisjes kiezen techniek: rolmodellen in {place}",
                "Techniekpromotie op open dagen in {region}",
                "Doorlopende leerlijn techniek vmbo–mbo in {place}",
                "Beroepenoriëntatie techniek voor {n} leerlingen",
                "Jet-Net & TechNet: bedrijven en scholen in {place}",
                "Techniekweek {year} in {region}",
                "Loopbaanbegeleiding richting technische opleidingen",
            ],
            [
                "Nog te weinig jongeren, en vooral meisjes, kiezen voor een technische opleiding.",
                "Jongeren en hun ouders hebben vaak een verouderd beeld van werken in de techniek.",
                "Een goede kennismaking met technische beroepen helpt leerlingen een bewuste studiekeuze te maken.",
            ],
            [
                Percent("instroom in technische opleidingen"), Percent("aandeel meisjes in technische opleidingen"),
                Count("leerlingen op open dagen techniek", "leerlingen"), Count("ingezette rolmodellen"),
                Count("deelnemende scholen"), Count("bereikte ouders"),
            ]),
        // Leren in de techniek
        new(
            [
                "{n} extra stageplaatsen techniek in {place}",
                "Leerwerkbedrijf {sector} {place}",
                "Bbl-trajecten met baangarantie in de {sector}",
                "Gezamenlijk praktijkcentrum {sector} {region}",
                "Investering in moderne machines voor het mbo",
                "Hybride docenten uit het bedrijfsleven",
                "Praktijkgericht onderzoek met hogeschool en bedrijven",
            ],
            [
                "Goede stages en leerwerkplekken zijn onmisbaar voor praktijkgericht technisch onderwijs.",
                "Onderwijs en bedrijfsleven investeren samen in een actuele leeromgeving.",
                "Scholen kunnen de snelle technologische ontwikkeling niet alleen bijhouden.",
            ],
            [
                Count("stageplaatsen techniek"), Count("bbl-leerwerkplekken"), Count("hybride docenten", "docenten"),
                Euro("investering in machines en lesmateriaal"), Hours("uren gastdocentschap"),
                Percent("studenten met een erkende leerplaats"),
            ]),
        // Werken in de techniek
        new(
            [
                "Baangarantie voor technisch gediplomeerden in {place}",
                "Behoud van technisch talent in {region}",
                "Werkgeversservicepunt techniek {place}",
                "Matching van {n} werkzoekenden op technische vacatures",
                "Arbeidsmarktregio {place}: van school naar werk",
                "Leermeesters: ervaren vakmensen begeleiden instromers",
                "Statushouders aan het werk in de techniek",
            ],
            [
                "Technisch opgeleide jongeren vinden niet altijd de weg naar een baan in de regio.",
                "Werkgevers in de techniek hebben moeite hun vacatures te vervullen.",
                "Veel ervaren technici gaan de komende jaren met pensioen.",
            ],
            [
                Count("geplaatste werkzoekenden"), Percent("technisch gediplomeerden met een baan in de regio"),
                Count("vervulde technische vacatures"), Count("actieve leermeesters"),
                Count("deelnemers met baangarantie", "deelnemers"), Hours("begeleidingsuren"),
            ]),
    ];

    public static readonly string[] Approaches =
    [
        "{org} zet hiervoor van {start} tot en met {end} een programma op met jaarlijks {n} deelnemers.",
        "{org} stelt daarvoor begeleiders, ruimte en materiaal beschikbaar.",
        "Het project wordt uitgevoerd in {place} en de omliggende gemeenten.",
        "Scholen en bedrijven in {place} werken hierin samen volgens een gezamenlijk jaarplan.",
        "{org} werkt daarbij nauw samen met het regionale onderwijs.",
    ];

    public static readonly string[] Closings =
    [
        "De resultaten worden jaarlijks gedeeld met de partners in landsdeel {region}.",
        "Met deze inzet draagt {org} bij aan de ambities van het Techniekpact.",
        "De aanpak sluit aan bij de regionale Techniekpact-agenda van landsdeel {region}.",
        "Na afloop wordt beoordeeld of de aanpak in andere regio's kan worden overgenomen.",
    ];

    public static readonly string[] InKind =
    [
        "Inzet van {n} uur per jaar door eigen medewerkers als gastdocent.",
        "Beschikbaar stellen van werkplaats, machines en gereedschap.",
        "Begeleiding van studenten door ervaren leermeesters.",
        "Gebruik van lokalen en praktijkruimte op de locatie {place}.",
        "Lesmateriaal en demonstratiekits voor scholen.",
        "Projectleiding en secretariaat door eigen personeel.",
    ];

    public static readonly string[] OnTrack =
    [
        "De activiteiten verlopen volgens planning. Tot en met april {year} is de stand voor {indicator}: {value}.",
        "Het project ligt op koers. De samenwerking met scholen en bedrijven in {place} verloopt goed.",
        "Alle geplande activiteiten van het afgelopen jaar zijn uitgevoerd; het doel voor {indicator} ({target}) is binnen bereik.",
        "Meer aanmeldingen dan verwacht; er is een extra groep gestart.",
    ];

    public static readonly string[] AtRisk =
    [
        "De werving van deelnemers verloopt trager dan gepland. Met extra inzet in het najaar verwachten we de achterstand in te halen.",
        "Door personeelstekort bij de deelnemende bedrijven is de begeleiding beperkt; het doel voor {indicator} ({target}) komt in gevaar.",
        "Een van de partners is gestopt met het project; we zoeken een vervanger in {place}.",
    ];

    public static readonly string[] Behind =
    [
        "Het project loopt achter op schema: de stand voor {indicator} is {value}, tegen een doel van {target}. Het plan wordt met de partners herzien.",
        "Door het vertrek van de projectleider heeft het project enkele maanden stilgelegen.",
        "De financiering van het tweede deel is nog niet rond; de activiteiten zijn voorlopig beperkt.",
    ];

    public const string Corona =
        "Door de coronamaatregelen zijn stages, gastlessen en bedrijfsbezoeken sinds maart 2020 grotendeels uitgesteld.";
}
