using System.Diagnostics;
using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Reporting;

/// <summary>
/// A real spreadsheet program reads the report: LibreOffice Calc, headless, converts every sheet to
/// CSV, and the figures and texts are there. Needs <c>soffice</c> (Debian: libreoffice-calc-nogui); under
/// CI a missing LibreOffice fails the test, elsewhere it is skipped.
/// </summary>
public sealed class LibreOfficeTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2018, 6, 18, 12, 30, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("report-libreoffice-").FullName;
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext(DataScope.Everything("test set-up"), _time);
        var data = await ReportTestData.CreateAsync(db);
        var cycle = data.Cycle(2018);
        var drenthe = data.Organization("Provincie Drenthe", "Drenthe", OrganizationType.Province);
        var brabant = data.Organization("Brabantse Maakindustrie BV", "Noord-Brabant", kvkNumber: "01234567");
        data.Commitment(drenthe, cycle, "3/4 van de scholen").Budget(1234.56m).InKind("=SOM(A1) _x0041_")
            .Themes(data.Theme("Energietransitie")).CoPartner(brabant, share: 40).Progress(cycle, ProgressHealth.AtRisk);
        data.Commitment(brabant, cycle, "00123 stageplaatsen").Budget(500m).Themes(data.Theme("Digitalisering"));
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [SkippableFact]
    public async Task LibreOffice_opens_the_report_and_finds_the_figures_and_texts()
    {
        ReportFile file;
        await using (var db = _database.CreateContext(DataScope.NationalReadOnly("ministerie"), _time))
        {
            file = await new AnnualReportBuilder(db, _time).BuildAsync(2018, CancellationToken.None);
        }
        var path = Path.Combine(_directory, "rapport.xlsx");
        await File.WriteAllBytesAsync(path, file.Content);

        // Every sheet as its own CSV (sheet -1), UTF-8, formatted as shown: rapport-<Blad>.csv.
        var sheets = await ConvertAsync(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1");
        var summary = sheets["Samenvatting"];
        Assert.True(summary.Contains("1,734.56", StringComparison.Ordinal), summary); // the total budget, shown with its format
        Assert.Contains("Voortgangsrapportage Techniekpact 2018", summary, StringComparison.Ordinal);
        Assert.Contains("Nationaal", summary, StringComparison.Ordinal);
        Assert.Contains("Totaal in dit rapport,2", summary, StringComparison.Ordinal);
        var commitments = sheets["Toezeggingen"];
        Assert.Contains("3/4 van de scholen", commitments, StringComparison.Ordinal);
        Assert.Contains("00123 stageplaatsen", commitments, StringComparison.Ordinal);
        Assert.Contains(",01234567,", commitments, StringComparison.Ordinal);
        Assert.Contains("=SOM(A1) _x0041_", commitments, StringComparison.Ordinal);
        Assert.Contains("31-12-2020", commitments, StringComparison.Ordinal);
        Assert.Contains("Brabantse Maakindustrie BV (40%)", commitments, StringComparison.Ordinal);
        Assert.Contains("Risico", sheets["Voortgang"], StringComparison.Ordinal);
        Assert.Equal(8, sheets.Count);
    }

    private async Task<Dictionary<string, string>> ConvertAsync(string path, string filter)
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);
        if (soffice == null)
        {
            TestEnvironment.ServiceMissing("LibreOffice is not installed: apt-get install -y libreoffice-calc-nogui");
        }
        var home = Directory.CreateDirectory(Path.Combine(_directory, "home")).FullName;
        var start = new ProcessStartInfo(soffice, ["--headless", "--norestore", "--convert-to", filter, "--outdir", _directory, path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Its own profile, so a LibreOffice already running (or another test) does not get in the way.
        start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"soffice failed ({process.ExitCode}): {output}");
        var prefix = Path.GetFileNameWithoutExtension(path) + "-";
        var sheets = Directory.GetFiles(_directory, "*.csv")
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f)[prefix.Length..], File.ReadAllText);
        Assert.True(sheets.Count > 0, $"soffice wrote no CSV: {output}");
        return sheets;
    }
}
