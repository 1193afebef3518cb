using System.Diagnostics;
using System.Globalization;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Reporting;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The national annual report on the scale data, against the OpenXML SDK's pure streaming writer
/// writing the same cells (see docs/performance.md):
/// <code>dotnet run --project tests/Commitments.Benchmarks -c Release -- report --database data/scale-1x.db [--year 2020] [--runs 5]</code>
/// Each side runs in a process of its own, so that its peak working set is the whole process's, as an
/// operator would see it: one warm-up build, then --runs timed builds (median). The cells for the
/// baseline are read back from our own report, so both write exactly the same values on the same sheets;
/// the baseline streams them from a plain file as it writes, with no styles, tables or formats.
/// </summary>
internal static class ReportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = args.Skip(1).Select((a, i) => (a, i)).GroupBy(x => x.i / 2).ToDictionary(g => g.First().a, g => g.Last().a);
        var database = arguments.TryGetValue("--database", out var d) ? Path.GetFullPath(d) : "";
        var runs = arguments.TryGetValue("--runs", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
        var year = arguments.TryGetValue("--year", out var y) ? int.Parse(y, CultureInfo.InvariantCulture) : 0;
        return args[0] switch
        {
            "report" => await DriveAsync(database, year, runs),
            "report-builder" => await BuilderAsync(database, year, runs, arguments["--out"]),
            "report-writer" => Writer(arguments["--cells"], runs, arguments["--out"]),
            _ => 1,
        };
    }

    private static async Task<int> DriveAsync(string database, int year, int runs)
    {
        var work = Directory.CreateTempSubdirectory("report-benchmark-").FullName;
        try
        {
            // A copy: the scale data stays as generated.
            var copy = Path.Combine(work, "scale.db");
            File.Copy(database, copy);
            var ours = Path.Combine(work, "ours.xlsx");
            var builder = Child("report-builder", "--database", copy, "--year", year.ToString(CultureInfo.InvariantCulture),
                "--runs", runs.ToString(CultureInfo.InvariantCulture), "--out", ours);

            var cells = Path.Combine(work, "cells.bin");
            var (sheets, rows, count) = ExtractCells(ours, cells);
            Console.WriteLine($"report: {new FileInfo(ours).Length / 1048576.0:F1} MiB, {sheets} sheets, {rows:N0} rows, {count:N0} cells");
            var errors = Validate(ours);
            Console.WriteLine($"OpenXmlValidator: {errors} errors");

            var baseline = Child("report-writer", "--cells", cells, "--runs", runs.ToString(CultureInfo.InvariantCulture),
                "--out", Path.Combine(work, "writer.xlsx"));
            Console.WriteLine();
            Console.WriteLine($"| | median time | median CPU | peak working set |");
            Console.WriteLine($"|---|---:|---:|---:|");
            Console.WriteLine($"| our builder (read + write) | {builder.Median:N0} ms | {builder.Cpu:N0} ms | {builder.PeakMiB:N0} MiB |");
            Console.WriteLine($"| pure OpenXmlWriter, same cells | {baseline.Median:N0} ms | {baseline.Cpu:N0} ms | {baseline.PeakMiB:N0} MiB |");
            Console.WriteLine($"ratio: {builder.Median / baseline.Median:F2}x time, {builder.Cpu / baseline.Cpu:F2}x CPU, {(double)builder.PeakMiB / baseline.PeakMiB:F2}x memory");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record ChildResult(double Median, long PeakMiB, double Cpu);

    private static ChildResult Child(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ReportBenchmark).Assembly.Location);
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.Write(output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{args[0]} failed");
        }
        var last = output.Trim().Split('\n')[^1].Split(' ');
        return new ChildResult(double.Parse(last[1], CultureInfo.InvariantCulture), long.Parse(last[2], CultureInfo.InvariantCulture),
            double.Parse(last[3], CultureInfo.InvariantCulture));
    }

    private static async Task<int> BuilderAsync(string database, int year, int runs, string output)
    {
        var options = CommitmentsDatabase.Options(DatabaseProvider.Sqlite, $"Data Source={database}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 18, 12, 0, 0, TimeSpan.Zero));
        var times = new List<double>();
        var cpus = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await using var db = new CommitmentsDbContext(options, new ExplicitDataScopeAccessor(DataScope.NationalReadOnly("benchmark")), clock);
            if (year == 0)
            {
                year = db.ReportingCycles.Max(c => c.Year);
            }
            var cpu = CpuNow();
            var watch = Stopwatch.StartNew();
            await using (var file = File.Create(output))
            {
                IProgress<int>? trace = Environment.GetEnvironmentVariable("REPORT_TRACE") is "1" or "live"
                    ? new Trace(watch) : null;
                await new AnnualReportBuilder(db, clock).BuildAsync(year, file, trace, "benchmark", CancellationToken.None);
            }
            watch.Stop();
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                cpus.Add(CpuNow() - cpu);
            }
            Console.WriteLine($"  builder run {i}{(i == 0 ? " (warm-up)" : "")}: {watch.Elapsed.TotalMilliseconds:N0} ms");
        }
        return Report("builder", times, cpus);
    }

    /// <summary>REPORT_TRACE=1 (or "live"): where the time and memory go, per step of the build.</summary>
    private sealed class Trace(Stopwatch watch) : IProgress<int>
    {
        private int _last = -1;

        public void Report(int value)
        {
            if (value / 10 != _last / 10)
            {
                _last = value;
                using var process = Process.GetCurrentProcess();
                // The GC's committed memory and the resident anonymous/file pages tell the heap apart from
                // the runtime's own memory (JIT code, loaded assemblies, SQLite's page cache).
                var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
                // REPORT_TRACE=live: also what is still reachable (a full blocking collection per step,
                // so it changes the peak; for finding what holds memory, not for the figures).
                var live = Environment.GetEnvironmentVariable("REPORT_TRACE") == "live" ? $", live {GC.GetTotalMemory(true) / 1048576.0:N1} MiB" : "";
                Console.WriteLine($"    {value,3}% at {watch.ElapsedMilliseconds:N0} ms: managed heap {GC.GetTotalMemory(false) / 1048576:N0} MiB (committed {committed / 1048576:N0}{live}), working set {process.WorkingSet64 / 1048576:N0} MiB ({Resident()}), cpu {process.TotalProcessorTime.TotalMilliseconds:N0} ms");
            }
        }
    }

    private static string Resident()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/self/status");
            return string.Join(", ", lines.Where(l => l.StartsWith("RssAnon") || l.StartsWith("RssFile") || l.StartsWith("RssShmem"))
                .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\s+", " ")));
        }
        catch (IOException)
        {
            return "no /proc";
        }
    }

    private static double CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    private static int Report(string what, List<double> times, List<double> cpus)
    {
        times.Sort();
        cpus.Sort();
        var median = times[times.Count / 2];
        var cpu = cpus[cpus.Count / 2];
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576;
        Console.WriteLine($"  {what}: median {median:N0} ms (min {times[0]:N0}, max {times[^1]:N0}), median CPU {cpu:N0} ms, over {times.Count} runs; peak working set {peak:N0} MiB; GC pauses {GC.GetTotalPauseDuration().TotalMilliseconds:N0} ms in all");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what} {median:F1} {peak} {cpu:F1}"));
        return 0;
    }

    // The cells file: per sheet its name, then per row a 1, per cell a 2 (text) or 3 (number) with its value, and a 0 at the end.
    private const byte RowTag = 1, TextTag = 2, NumberTag = 3, EndTag = 0;

    private static (int Sheets, long Rows, long Cells) ExtractCells(string xlsx, string cellsFile)
    {
        using var document = SpreadsheetDocument.Open(xlsx, false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        using var output = new BinaryWriter(File.Create(cellsFile));
        long rows = 0, cells = 0;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        output.Write(sheets.Count);
        foreach (var sheet in sheets)
        {
            output.Write(sheet.Name!.Value!);
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    output.Write(RowTag);
                    rows++;
                }
                else if (reader.ElementType == typeof(Cell) && reader.IsStartElement)
                {
                    var cell = (Cell)reader.LoadCurrentElement()!;
                    cells++;
                    if (cell.DataType?.Value == CellValues.SharedString)
                    {
                        output.Write(TextTag);
                        output.Write(shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]);
                    }
                    else if (cell.DataType?.Value == CellValues.InlineString)
                    {
                        output.Write(TextTag);
                        output.Write(cell.InlineString!.InnerText);
                    }
                    else
                    {
                        output.Write(NumberTag);
                        output.Write(cell.CellValue?.Text ?? "");
                    }
                }
            }
            output.Write(EndTag);
        }
        return (sheets.Count, rows, cells);
    }

    private static int Validate(string xlsx)
    {
        using var document = SpreadsheetDocument.Open(xlsx, false);
        return new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Count();
    }

    /// <summary>
    /// The baseline: the SDK's documented streaming way (SpreadsheetDocument + OpenXmlWriter per worksheet
    /// part), writing the cells as they are read from the cells file: inline text and plain numbers,
    /// a cell reference on every row and cell, nothing else.
    /// </summary>
    private static int Writer(string cellsFile, int runs, string output)
    {
        var times = new List<double>();
        var cpus = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            var cpu = CpuNow();
            var watch = Stopwatch.StartNew();
            using (var input = new BinaryReader(File.OpenRead(cellsFile)))
            using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
            {
                var workbook = document.AddWorkbookPart();
                workbook.Workbook = new Workbook();
                var sheets = workbook.Workbook.AppendChild(new Sheets());
                var count = input.ReadInt32();
                for (var s = 1; s <= count; s++)
                {
                    var name = input.ReadString();
                    var part = workbook.AddNewPart<WorksheetPart>();
                    using (var writer = OpenXmlWriter.Create(part))
                    {
                        writer.WriteStartElement(new Worksheet());
                        writer.WriteStartElement(new SheetData());
                        var row = 0;
                        var column = 0;
                        var open = false;
                        for (var tag = input.ReadByte(); tag != EndTag; tag = input.ReadByte())
                        {
                            if (tag == RowTag)
                            {
                                if (open)
                                {
                                    writer.WriteEndElement();
                                }
                                row++;
                                column = 0;
                                writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", row.ToString(CultureInfo.InvariantCulture))]);
                                open = true;
                                continue;
                            }
                            var value = input.ReadString();
                            var reference = SheetWriter.ColumnName(++column) + row.ToString(CultureInfo.InvariantCulture);
                            if (tag == TextTag)
                            {
                                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", reference), new OpenXmlAttribute("t", "", "inlineStr")]);
                                writer.WriteElement(new InlineString(new Text(value)));
                            }
                            else
                            {
                                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("r", "", reference)]);
                                writer.WriteElement(new CellValue(value));
                            }
                            writer.WriteEndElement();
                        }
                        if (open)
                        {
                            writer.WriteEndElement();
                        }
                        writer.WriteEndElement();
                        writer.WriteEndElement();
                    }
                    sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)s, Name = name });
                }
            }
            watch.Stop();
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                cpus.Add(CpuNow() - cpu);
            }
            Console.WriteLine($"  writer run {i}{(i == 0 ? " (warm-up)" : "")}: {watch.Elapsed.TotalMilliseconds:N0} ms");
        }
        return Report("writer", times, cpus);
    }
}
