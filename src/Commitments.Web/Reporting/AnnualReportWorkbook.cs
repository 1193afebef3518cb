using Commitments.Core.Domain;
using Commitments.Web.Pages.Progress;

namespace Commitments.Web.Reporting;

/// <summary>
/// Lays out an <see cref="AnnualReportModel"/> as the workbook the ministers' offices open in Excel or
/// LibreOffice, streaming each sheet (<see cref="XlsxStreamWriter"/>, ADR-0015). Rules that keep the
/// file faithful and safe:
/// <list type="bullet">
/// <item>Text typed by users is written as inline text only (<see cref="SheetWriter.Text"/>), so "3/4"
/// stays text and KvK "01234567" keeps its leading zero; nothing is ever written as a formula.</item>
/// <item>Numbers and dates go in as numbers and dates, with Dutch-looking formats.</item>
/// <item>Column widths are set here, per column: nothing measures text on the server.</item>
/// </list>
/// </summary>
internal static class AnnualReportWorkbook
{
    public const string SummarySheet = "Samenvatting";
    public const string ThemesSheet = "Per thema";
    public const string RegionsSheet = "Per landsdeel";
    public const string CommitmentsSheet = "Toezeggingen";
    public const string IndicatorsSheet = "Indicatoren";
    public const string ProgressSheet = "Voortgang";
    public const string NotReportedSheet = "Niet gerapporteerd";
    public const string NotesSheet = "Toelichting";

    private sealed record Column(string Header, double Width);

    private static readonly Column[] BreakdownColumns =
    [
        new("", 30),
        new("Aantal toezeggingen", 14),
        new("Goedgekeurd", 13),
        new("Toezeggingen naar aandeel", 14),
        new("Budget naar aandeel (excl. ingetrokken)", 20),
        new("Te rapporteren", 13),
        new("Gerapporteerd", 13),
        new("Gerapporteerd (%)", 13),
        new("Op koers (%)", 12),
        new("Risico (%)", 12),
        new("Achter (%)", 12),
        new("Indicatoren", 12),
        new("Indicatoren met voortgang", 14),
        new("Gemiddelde voortgang naar streefwaarde", 18),
        new("Streefwaarde bereikt", 12),
    ];

    private static readonly Column[] CommitmentColumns =
    [
        new("Nr", 8),
        new("Titel", 50),
        new("Penvoerder", 36),
        new("KvK-nummer", 12),
        new("Type organisatie", 20),
        new("Landsdeel", 13),
        new("Provincie", 16),
        new("Thema's", 40),
        new("Co-partners", 44),
        new("Status", 14),
        new("Startdatum", 12),
        new("Einddatum", 12),
        new("Budget", 16),
        new("In natura", 40),
        new("Contactpersoon", 24),
        new("E-mail contactpersoon", 30),
        new("Indicatoren", 12),
        new("Laatste voortgang", 18),
        new("Jaar laatste voortgang", 14),
        new("Laatst gerapporteerd op", 18),
    ];

    private static readonly Column[] IndicatorColumns =
    [
        new("Nr toezegging", 10),
        new("Toezegging", 44),
        new("Penvoerder", 32),
        new("Landsdeel", 13),
        new("Indicator", 40),
        new("Eenheid", 14),
        new("Nulmeting", 13),
        new("Streefwaarde", 13),
        new("Streefdatum", 12),
        new("Laatste waarde", 13),
        new("Jaar laatste waarde", 12),
        new("Voortgang (%)", 14),
    ];

    private static readonly Column[] ProgressColumns =
    [
        new("Nr toezegging", 10),
        new("Toezegging", 40),
        new("Penvoerder", 30),
        new("Landsdeel", 13),
        new("Status rapportage", 14),
        new("Stand", 12),
        new("Ingediend op", 17),
        new("Goedgekeurd op", 17),
        new("Toelichting", 80),
        new("Bewijs (link)", 36),
    ];

    private static readonly Column[] NotReportedColumns =
    [
        new("Organisatie", 36),
        new("Landsdeel", 13),
        new("Nr toezegging", 10),
        new("Toezegging", 50),
        new("Stand", 16),
        new("Te laat", 9),
        new("Contactpersoon", 24),
        new("E-mail contactpersoon", 32),
    ];

    public static async Task WriteAsync(AnnualReportModel model, Stream output, Action<int> percentDone, CancellationToken ct)
    {
        var title = $"Voortgangsrapportage Techniekpact {model.Year}";
        // All rows of the big sheets, to say how far the writing is.
        var total = Math.Max(1, model.CommitmentCount + model.IndicatorCount + model.ProgressRowCount + model.NotReportedCount);
        var done = 0;
        var lastReported = -1;
        void Advance(int rows = 1)
        {
            done += rows;
            var percent = (int)Math.Min(100L, 100L * done / total);
            if (percent != lastReported)
            {
                lastReported = percent;
                percentDone(percent);
            }
        }

        using (var package = new XlsxStreamWriter(output, model.GeneratedAtAmsterdam))
        {
            WriteSummary(package, title, model);
            WriteBreakdown(package, ThemesSheet, "Thema", "PerThema", model.Themes);
            WriteBreakdown(package, RegionsSheet, "Landsdeel", "PerLandsdeel", model.Regions);
            await WriteCommitmentsAsync(package, model.CommitmentRows(), Advance, ct);
            await WriteIndicatorsAsync(package, model.IndicatorRows(), Advance, ct);
            await WriteProgressAsync(package, model.ProgressRows(), Advance, ct);
            WriteNotReported(package, model.NotReported(), Advance);
            WriteNotes(package, model);
            // The same data at the same moment gives the same workbook: no clock but the report's own.
            package.Finish($"{title} - {model.ScopeLabel}", "Nationaal Techniekpact",
                TimeZoneInfo.ConvertTimeToUtc(model.GeneratedAtAmsterdam, AmsterdamTime.Zone));
        }
        await output.FlushAsync(ct);
    }

    private static SheetLayout ListLayout(Column[] columns, string tableName, params int[] dataBars) =>
        new(columns.Select(c => c.Width).ToList())
        {
            FrozenRows = 1,
            Table = new TableLayout(tableName, columns.Select(c => c.Header).ToList()),
            DataBarColumns = dataBars,
            RepeatHeaderRow = true,
        };

    private static void HeaderRow(SheetWriter sheet, IEnumerable<string> headers)
    {
        sheet.StartRow();
        foreach (var header in headers)
        {
            sheet.Label(header, ReportStyles.Header);
        }
    }

    private static void WriteSummary(XlsxStreamWriter package, string title, AnnualReportModel model)
    {
        var widths = new List<double> { 44, 18, 16, 26 };
        widths.AddRange(model.RegionNames.Select(_ => 16.0));
        widths.Add(16);
        using var sheet = package.AddSheet(SummarySheet, new SheetLayout(widths) { Landscape = false });

        sheet.StartRow();
        sheet.Label(title, ReportStyles.Title);
        sheet.StartRow();
        sheet.Label("Reikwijdte").Text(model.ScopeLabel);
        sheet.StartRow();
        sheet.Label("Rapportagejaar").Number(model.Year);
        sheet.StartRow();
        sheet.Label("Stand van de gegevens").DateTime(model.GeneratedAtAmsterdam);
        sheet.StartRow();
        sheet.Label("Partners").Number(model.Partners, ReportStyles.Count);
        sheet.SkipRows(1);

        sheet.StartRow();
        sheet.Label("Toezeggingen per status", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Status", ReportStyles.Header).Label("Aantal", ReportStyles.Header);
        foreach (var status in model.StatusCounts)
        {
            sheet.StartRow();
            sheet.Label(status.Status.Label()).Number(status.Count, ReportStyles.Count);
            if (status.Status == CommitmentStatus.Draft)
            {
                sheet.Label("niet opgenomen in dit rapport", ReportStyles.Italic);
            }
        }
        sheet.StartRow();
        sheet.Label("Totaal in dit rapport", ReportStyles.Bold).Number(model.CommitmentCount, ReportStyles.BoldCount);
        sheet.SkipRows(1);

        sheet.StartRow();
        sheet.Label("Middelen", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Totaal budget (excl. ingetrokken)", ReportStyles.Bold).Number(model.TotalBudget, ReportStyles.BoldEuro);
        sheet.StartRow();
        sheet.Label("Toezeggingen met middelen in natura").Number(model.WithInKind, ReportStyles.Count);
        sheet.SkipRows(1);

        var progress = model.Progress;
        sheet.StartRow();
        sheet.Label($"Voortgang {model.Year}", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Toezeggingen die rapporteren").Number(progress.Reporting, ReportStyles.Count);
        sheet.StartRow();
        sheet.Label("Gerapporteerd").Number(progress.Reported, ReportStyles.Count);
        sheet.StartRow();
        sheet.Label("Aandeel gerapporteerd").Number(progress.ReportedShare, ReportStyles.Percent);
        sheet.StartRow();
        sheet.Label("Op koers").Number(progress.Share(progress.OnTrack), ReportStyles.Percent);
        sheet.StartRow();
        sheet.Label("Risico").Number(progress.Share(progress.AtRisk), ReportStyles.Percent);
        sheet.StartRow();
        sheet.Label("Achter").Number(progress.Share(progress.Behind), ReportStyles.Percent);
        sheet.SkipRows(1);

        sheet.StartRow();
        sheet.Label("Per landsdeel", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Landsdeel", ReportStyles.Header).Label("Aantal toezeggingen", ReportStyles.Header)
            .Label("Goedgekeurd", ReportStyles.Header).Label("Budget naar aandeel (excl. ingetrokken)", ReportStyles.Header);
        foreach (var region in model.Regions)
        {
            sheet.StartRow();
            sheet.Label(region.Name).Number(region.Commitments, ReportStyles.Count).Number(region.Approved, ReportStyles.Count)
                .Number(region.Budget, ReportStyles.Euro);
        }
        sheet.SkipRows(1);

        sheet.StartRow();
        sheet.Label("Per thema", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Thema", ReportStyles.Header).Label("Aantal toezeggingen", ReportStyles.Header).Label("Budget (verdeeld)", ReportStyles.Header);
        foreach (var theme in model.Themes)
        {
            sheet.StartRow();
            sheet.Label(theme.Name).Number(theme.Commitments, ReportStyles.Count).Number(theme.Budget, ReportStyles.Euro);
        }
        sheet.SkipRows(1);

        Matrix(sheet, model, "Aantal toezeggingen per thema en landsdeel", "Thema (aantal)",
            (line, i) => sheet.Number(line.Counts[i], ReportStyles.Count), line => sheet.Number(line.Counts.Sum(), ReportStyles.BoldCount));
        sheet.SkipRows(1);
        Matrix(sheet, model, "Budget per thema en landsdeel (naar aandeel, excl. ingetrokken)", "Thema (budget)",
            (line, i) => sheet.Number(line.Budgets[i], ReportStyles.Euro), line => sheet.Number(line.Budgets.Sum(), ReportStyles.BoldEuro));
        sheet.SkipRows(1);

        foreach (var note in new[]
        {
            "Een toezegging met meer thema's telt bij elk van die thema's mee; haar budget wordt gelijk over die thema's verdeeld.",
            "Budget per landsdeel: een gezamenlijke toezegging telt in het landsdeel van elke deelnemer naar zijn aandeel, dus één keer.",
            "Een toezegging waarvan een nieuwe revisie in behandeling is, staat erin zoals zij het laatst is goedgekeurd.",
            "Hoe elk cijfer is bepaald staat op het blad Toelichting.",
        })
        {
            sheet.StartRow();
            sheet.Label(note, ReportStyles.Italic);
        }
    }

    private static void Matrix(SheetWriter sheet, AnnualReportModel model, string heading, string corner,
        Action<MatrixLine, int> cell, Action<MatrixLine> total)
    {
        sheet.StartRow();
        sheet.Label(heading, ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label(corner, ReportStyles.Header).Skip(3);
        foreach (var region in model.RegionNames)
        {
            sheet.Label(region, ReportStyles.Header);
        }
        sheet.Label("Totaal", ReportStyles.Header);
        foreach (var line in model.Matrix)
        {
            sheet.StartRow();
            sheet.Label(line.Theme).Skip(3);
            for (var i = 0; i < model.RegionNames.Count; i++)
            {
                cell(line, i);
            }
            total(line);
        }
    }

    private static void WriteBreakdown(XlsxStreamWriter package, string sheetName, string firstHeader, string tableName, IReadOnlyList<BreakdownLine> lines)
    {
        var columns = BreakdownColumns.Select((c, i) => i == 0 ? c with { Header = firstHeader } : c).ToArray();
        using var sheet = package.AddSheet(sheetName, ListLayout(columns, tableName, 14));
        HeaderRow(sheet, columns.Select(c => c.Header));
        foreach (var line in lines)
        {
            var p = line.Progress;
            sheet.StartRow();
            sheet.Label(line.Name)
                .Number(line.Commitments, ReportStyles.Count)
                .Number(line.Approved, ReportStyles.Count)
                .Number(line.AttributedCommitments, ReportStyles.Decimal)
                .Number(line.Budget, ReportStyles.Euro)
                .Number(p.Reporting, ReportStyles.Count)
                .Number(p.Reported, ReportStyles.Count)
                .Number(p.ReportedShare, ReportStyles.Percent)
                .Number(p.Share(p.OnTrack), ReportStyles.Percent)
                .Number(p.Share(p.AtRisk), ReportStyles.Percent)
                .Number(p.Share(p.Behind), ReportStyles.Percent)
                .Number(line.Indicators, ReportStyles.Count)
                .Number(line.IndicatorsWithProgress, ReportStyles.Count)
                .Number(line.AverageProgress, ReportStyles.Percent)
                .Number(line.TargetsReached, ReportStyles.Count);
        }
    }

    private static async Task WriteCommitmentsAsync(XlsxStreamWriter package, IAsyncEnumerable<CommitmentLine> lines, Action<int> advance, CancellationToken ct)
    {
        using var sheet = package.AddSheet(CommitmentsSheet, ListLayout(CommitmentColumns, "Toezeggingen"));
        HeaderRow(sheet, CommitmentColumns.Select(c => c.Header));
        await foreach (var line in lines.WithCancellation(ct))
        {
            sheet.StartRow();
            sheet.Number(line.Id)
                .Text(line.Title)
                .Text(line.LeadOrganization)
                .Text(line.KvkNumber)
                .Label(line.OrganizationType.Label())
                .Text(line.Region)
                .Text(line.Province)
                .Text(line.Themes)
                .Text(line.CoPartners)
                .Label(line.Status.Label())
                .Date(line.StartDate)
                .Date(line.EndDate)
                .Number(line.BudgetEuros, ReportStyles.Euro)
                .Text(line.InKind, wrap: true)
                .Text(line.ContactName)
                .Text(line.ContactEmail)
                .Number(line.Indicators);
            if (line.LatestHealth is { } health)
            {
                sheet.Label(health.Label()).Number(line.LatestProgressYear).DateTime(line.LatestReportedAt);
            }
            advance(1);
        }
    }

    private static async Task WriteIndicatorsAsync(XlsxStreamWriter package, IAsyncEnumerable<IndicatorLine> lines, Action<int> advance, CancellationToken ct)
    {
        using var sheet = package.AddSheet(IndicatorsSheet, ListLayout(IndicatorColumns, "Indicatoren", 12));
        HeaderRow(sheet, IndicatorColumns.Select(c => c.Header));
        await foreach (var line in lines.WithCancellation(ct))
        {
            sheet.StartRow();
            sheet.Number(line.CommitmentId)
                .Text(line.Commitment)
                .Text(line.LeadOrganization)
                .Text(line.Region)
                .Text(line.Name)
                .Text(line.Unit)
                .Number(line.Baseline)
                .Number(line.Target)
                .Date(line.TargetDate)
                .Number(line.LatestValue)
                .Number(line.LatestYear)
                .Number(line.ProgressPercent is { } p ? p / 100m : null, ReportStyles.Percent);
            advance(1);
        }
    }

    private static async Task WriteProgressAsync(XlsxStreamWriter package, IAsyncEnumerable<ProgressLine> lines, Action<int> advance, CancellationToken ct)
    {
        using var sheet = package.AddSheet(ProgressSheet, ListLayout(ProgressColumns, "Voortgang"));
        HeaderRow(sheet, ProgressColumns.Select(c => c.Header));
        await foreach (var line in lines.WithCancellation(ct))
        {
            sheet.StartRow();
            sheet.Number(line.CommitmentId)
                .Text(line.Commitment)
                .Text(line.LeadOrganization)
                .Text(line.Region)
                .Label(line.Status.Label())
                .Label(line.Health.Label())
                .DateTime(line.SubmittedAt)
                .DateTime(line.ApprovedAt)
                .Text(line.Narrative, wrap: true)
                .Text(line.EvidenceUrl);
            advance(1);
        }
    }

    private static void WriteNotReported(XlsxStreamWriter package, IReadOnlyList<NotReportedLine> lines, Action<int> advance)
    {
        using var sheet = package.AddSheet(NotReportedSheet, ListLayout(NotReportedColumns, "NietGerapporteerd"));
        HeaderRow(sheet, NotReportedColumns.Select(c => c.Header));
        foreach (var line in lines)
        {
            sheet.StartRow();
            sheet.Text(line.Organization)
                .Text(line.Region)
                .Number(line.CommitmentId)
                .Text(line.Commitment)
                .Label(line.State.Label())
                .Label(line.Overdue ? "ja" : "nee")
                .Text(line.ContactName)
                .Text(line.ContactEmail);
            advance(1);
        }
    }

    private static void WriteNotes(XlsxStreamWriter package, AnnualReportModel model)
    {
        using var sheet = package.AddSheet(NotesSheet, new SheetLayout([34, 110]) { Landscape = false });
        sheet.StartRow();
        sheet.Label("Toelichting", ReportStyles.Title);
        sheet.SkipRows(1);
        sheet.StartRow();
        sheet.Label("Over dit bestand", ReportStyles.Heading);
        sheet.StartRow();
        sheet.Label("Reikwijdte").Text(model.ScopeLabel);
        sheet.StartRow();
        sheet.Label("Rapportagejaar").Number(model.Year);
        sheet.StartRow();
        sheet.Label("Gemaakt op").DateTime(model.GeneratedAtAmsterdam);
        sheet.StartRow();
        sheet.Label("Gemaakt door").Text(model.MadeBy);
        sheet.StartRow();
        sheet.Label("Uiterste datum voortgang").Date(model.UpdatesDueOn);
        sheet.SkipRows(1);
        sheet.StartRow();
        sheet.Label("Begrip", ReportStyles.Header).Label("Betekenis", ReportStyles.Header);
        foreach (var (term, meaning) in Definitions(model))
        {
            sheet.StartRow();
            sheet.Label(term, ReportStyles.Bold).Label(meaning, ReportStyles.Wrapped);
        }
    }

    private static IEnumerable<(string, string)> Definitions(AnnualReportModel model) =>
    [
        ("Welke gegevens", model.ScopeLabel == "Nationaal"
            ? "Alle toezeggingen van alle partners, in alle landsdelen."
            : model.ScopeLabel.StartsWith("Landsdeel", StringComparison.Ordinal)
                ? "De toezeggingen van de partners in dit landsdeel. Het deel van een gezamenlijke toezegging dat bij een partner buiten het landsdeel hoort, telt hier niet mee."
                : "De toezeggingen waarvan deze organisatie penvoerder of co-partner is."),
        ("Toezeggingen in dit rapport", $"Toezeggingen aangekondigd in {model.Year} of eerder, in elke status behalve concept. Ingetrokken toezeggingen staan erin met hun status. Van een toezegging waarvan een nieuwe revisie in behandeling is, telt de laatst goedgekeurde revisie."),
        ("Concept", "Een toezegging die nog niet is ingediend. Alleen geteld op de samenvatting, niet opgenomen in de lijsten."),
        ("Partners", "Het aantal organisaties dat penvoerder of co-partner is van een toezegging in dit rapport."),
        ("Budget", "Het toegezegde budget in euro's; ingetrokken toezeggingen tellen niet mee."),
        ("Naar aandeel", "Een gezamenlijke toezegging wordt verdeeld over de deelnemers naar hun aandeel (penvoerder en co-partners samen 100%). Elk deel telt in het landsdeel van die deelnemer, zodat een gezamenlijke toezegging in totaal één keer telt."),
        ("Per thema", "Een toezegging met meer thema's telt bij elk thema als toezegging mee; haar budget en voortgang worden gelijk over die thema's verdeeld."),
        ("Co-partners", "Naam en aandeel van elke co-partner; \"niet bevestigd\" zolang de co-partner zijn deel nog niet heeft bevestigd."),
        ("Te rapporteren", $"Goedgekeurde toezeggingen (ook als een nieuwe revisie in behandeling is) van actieve organisaties: zij rapporteren voortgang over {model.Year}."),
        ("Gerapporteerd", "Een te rapporteren toezegging waarvan de voortgangsrapportage over dit jaar is ingediend of goedgekeurd. Aandeel gerapporteerd = gerapporteerd / te rapporteren."),
        ("Op koers, risico, achter", "De stand die de partner in de ingediende of goedgekeurde rapportage over dit jaar opgaf, als aandeel van de gerapporteerde toezeggingen."),
        ("Niet gerapporteerd", $"Te rapporteren toezeggingen waarvan de rapportage over dit jaar niet begonnen, een concept of teruggestuurd is (zoals op de pagina 'Wie heeft nog niet gerapporteerd'). Te laat: na de uiterste datum {model.UpdatesDueOn.ToString("dd-MM-yyyy", DutchLabels.Culture)}."),
        ("Laatste voortgang", "De stand uit de laatst ingediende rapportage tot en met dit jaar, met het jaar en het moment van indienen."),
        ("Voortgang indicator", "(laatste waarde − nulmeting) / (streefwaarde − nulmeting). Leeg zonder streefwaarde of zonder gerapporteerde waarde. De laatste waarde komt uit de laatst ingediende rapportage tot en met dit jaar."),
        ("Gemiddelde voortgang naar streefwaarde", "Het gemiddelde van de voortgang van de indicatoren (afgekapt op 100%), gewogen naar het aandeel van de toezegging in het thema of landsdeel; ingetrokken toezeggingen tellen niet mee."),
        ("Streefwaarde bereikt", "Het aantal indicatoren met een voortgang van 100% of meer."),
        ("Voortgang (blad)", $"Alle ingediende, teruggestuurde en goedgekeurde rapportages over {model.Year}, met de toelichting van de partner."),
        ("Tekst", "Tekst staat er zoals de partner die invoerde. Een tekst langer dan een cel kan bevatten (32.767 tekens) is afgekapt en eindigt op \"" + XlsxStreamWriter.CutMarker + "\"."),
        ("Tijden", "Data en tijden zijn Nederlandse tijd (Europe/Amsterdam)."),
    ];
}
