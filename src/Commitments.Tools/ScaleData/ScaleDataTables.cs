using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Commitments.Tools.ScaleData;

/// <summary>What kind of value a column holds, and so how each database must receive it.</summary>
internal enum ColumnKind
{
    Int,
    Text,
    Date,
    Timestamp,
    Decimal,
    Uuid,
    Bool,

    /// <summary>A DateTimeOffset (Identity's LockoutEnd): TEXT on SQLite, timestamptz on PostgreSQL.</summary>
    Offset,
}

/// <summary>Receives the values of one row, column by column, in the order of the table's columns.</summary>
internal interface IRowWriter
{
    void Int(int? value);
    void Text(string? value);
    void Date(DateOnly? value);

    /// <summary>A moment in UTC (timestamptz on PostgreSQL).</summary>
    void Timestamp(DateTime? value);

    void Decimal(decimal? value);
    void Uuid(Guid value);
    void Bool(bool value);

    /// <summary>A moment with offset zero (timestamptz on PostgreSQL).</summary>
    void Offset(DateTimeOffset? value);
}

internal sealed record Column(string Name, ColumnKind Kind);

/// <summary>One table the generator writes: its name and columns as the migrations create them, and how a row is written.</summary>
internal sealed class Table<T>(string name, Column[] columns, Action<IRowWriter, T> write)
{
    public string Name { get; } = name;
    public Column[] Columns { get; } = columns;

    /// <summary>Maximum lengths of text columns from the EF model (0 = none); PostgreSQL enforces them, SQLite does not.</summary>
    public int[] MaxLengths { get; } = new int[columns.Length];

    public void Write(IRowWriter writer, T row) => write(writer, row);
}

/// <summary>
/// The tables of the generated data, one mapping per table used by both the SQLite and the PostgreSQL
/// loader, so that column order and value conversion cannot drift between them.
/// <see cref="VerifyAgainst"/> compares them with the EF model before anything is written: a migration
/// that adds, renames or retypes a column makes the generator stop with a clear message instead of
/// writing rows the application cannot read.
/// </summary>
internal static class ScaleDataTables
{
    private static Column Int(string name) => new(name, ColumnKind.Int);
    private static Column Text(string name) => new(name, ColumnKind.Text);
    private static Column Date(string name) => new(name, ColumnKind.Date);
    private static Column Timestamp(string name) => new(name, ColumnKind.Timestamp);
    private static Column Decimal(string name) => new(name, ColumnKind.Decimal);
    private static Column Uuid(string name) => new(name, ColumnKind.Uuid);
    private static Column Bool(string name) => new(name, ColumnKind.Bool);
    private static Column Offset(string name) => new(name, ColumnKind.Offset);

    public static readonly Table<ReportingCycle> ReportingCycles = new("ReportingCycles",
        [Int("Id"), Int("Year"), Date("UpdatesDueOn"), Date("FreezesOn"), Timestamp("FrozenAt"), Int("FirstReminderDaysBefore"), Int("EscalateDaysAfter")],
        (w, c) =>
        {
            w.Int(c.Id);
            w.Int(c.Year);
            w.Date(c.UpdatesDueOn);
            w.Date(c.FreezesOn);
            w.Timestamp(c.FrozenAt);
            w.Int(c.FirstReminderDaysBefore);
            w.Int(c.EscalateDaysAfter);
        });

    public static readonly Table<(int CycleId, int ThemeId)> ReportingCycleThemes = new("ReportingCycleThemes",
        [Int("CyclesId"), Int("ThemesId")],
        (w, r) =>
        {
            w.Int(r.CycleId);
            w.Int(r.ThemeId);
        });

    public static readonly Table<Organization> Organizations = new("Organizations",
        [Int("Id"), Text("Name"), Text("Type"), Int("RegionId"), Int("ProvinceId"), Text("KvkNumber"), Timestamp("CreatedAt"), Timestamp("DeactivatedAt")],
        (w, o) =>
        {
            w.Int(o.Id);
            w.Text(o.Name);
            w.Text(o.Type.ToString());
            w.Int(o.RegionId);
            w.Int(o.ProvinceId);
            w.Text(o.KvkNumber);
            w.Timestamp(o.CreatedAt);
            w.Timestamp(o.DeactivatedAt);
        });

    public static readonly Table<Commitment> Commitments = new("Commitments",
        [
            Int("Id"), Int("OrganizationId"), Int("ReportingCycleId"), Text("Title"), Text("Description"), Date("StartDate"),
            Date("EndDate"), Decimal("BudgetEuros"), Text("InKindDescription"), Text("Status"), Timestamp("CreatedAt"),
            Timestamp("UpdatedAt"), Timestamp("SubmittedAt"), Uuid("Version"), Text("ContactName"), Text("ContactEmail"),
            Decimal("LeadSharePercent"), Timestamp("ApprovedAt"), Timestamp("WithdrawnAt"), Text("WithdrawalReason"),
            Text("ReturnComment"), Int("Revision"), Int("ApprovedRevision"), Text("ApprovedContent"),
        ],
        (w, c) =>
        {
            w.Int(c.Id);
            w.Int(c.OrganizationId);
            w.Int(c.ReportingCycleId);
            w.Text(c.Title);
            w.Text(c.Description);
            w.Date(c.StartDate);
            w.Date(c.EndDate);
            w.Decimal(c.BudgetEuros);
            w.Text(c.InKindDescription);
            w.Text(c.Status.ToString());
            w.Timestamp(c.CreatedAt);
            w.Timestamp(c.UpdatedAt);
            w.Timestamp(c.SubmittedAt);
            w.Uuid(c.Version);
            w.Text(c.ContactName);
            w.Text(c.ContactEmail);
            w.Decimal(c.LeadSharePercent);
            w.Timestamp(c.ApprovedAt);
            w.Timestamp(c.WithdrawnAt);
            w.Text(c.WithdrawalReason);
            w.Text(c.ReturnComment);
            w.Int(c.Revision);
            w.Int(c.ApprovedRevision);
            w.Text(c.ApprovedContent);
        });

    public static readonly Table<(int CommitmentId, int ThemeId)> CommitmentThemes = new("CommitmentThemes",
        [Int("CommitmentId"), Int("ThemesId")],
        (w, r) =>
        {
            w.Int(r.CommitmentId);
            w.Int(r.ThemeId);
        });

    public static readonly Table<CommitmentCoPartner> CommitmentCoPartners = new("CommitmentCoPartner",
        [Int("CommitmentId"), Int("OrganizationId"), Decimal("SharePercent"), Text("Response"), Timestamp("RespondedAt")],
        (w, p) =>
        {
            w.Int(p.CommitmentId);
            w.Int(p.OrganizationId);
            w.Decimal(p.SharePercent);
            w.Text(p.Response.ToString());
            w.Timestamp(p.RespondedAt);
        });

    public static readonly Table<Indicator> Indicators = new("Indicators",
        [Int("Id"), Int("CommitmentId"), Text("Name"), Text("Unit"), Decimal("Baseline"), Decimal("Target"), Date("TargetDate"), Int("SortOrder")],
        (w, i) =>
        {
            w.Int(i.Id);
            w.Int(i.CommitmentId);
            w.Text(i.Name);
            w.Text(i.Unit);
            w.Decimal(i.Baseline);
            w.Decimal(i.Target);
            w.Date(i.TargetDate);
            w.Int(i.SortOrder);
        });

    public static readonly Table<ProgressUpdate> ProgressUpdates = new("ProgressUpdates",
        [
            Int("Id"), Int("CommitmentId"), Int("ReportingCycleId"), Text("Status"), Text("Health"), Text("Narrative"),
            Text("EvidenceUrl"), Timestamp("CreatedAt"), Timestamp("UpdatedAt"), Timestamp("SubmittedAt"), Uuid("Version"),
            Text("ReturnComment"), Timestamp("ApprovedAt"),
        ],
        (w, u) =>
        {
            w.Int(u.Id);
            w.Int(u.CommitmentId);
            w.Int(u.ReportingCycleId);
            w.Text(u.Status.ToString());
            w.Text(u.Health.ToString());
            w.Text(u.Narrative);
            w.Text(u.EvidenceUrl);
            w.Timestamp(u.CreatedAt);
            w.Timestamp(u.UpdatedAt);
            w.Timestamp(u.SubmittedAt);
            w.Uuid(u.Version);
            w.Text(u.ReturnComment);
            w.Timestamp(u.ApprovedAt);
        });

    public static readonly Table<IndicatorValue> IndicatorValues = new("IndicatorValues",
        [Int("ProgressUpdateId"), Int("IndicatorId"), Decimal("Value")],
        (w, v) =>
        {
            w.Int(v.ProgressUpdateId);
            w.Int(v.IndicatorId);
            w.Decimal(v.Value);
        });

    // ASP.NET Core Identity's tables, for the accounts of --accounts. Ids are text (GUIDs), so there
    // are no sequences to move on afterwards.

    public static readonly Table<IdentityRole> Roles = new("AspNetRoles",
        [Text("Id"), Text("Name"), Text("NormalizedName"), Text("ConcurrencyStamp")],
        (w, r) =>
        {
            w.Text(r.Id);
            w.Text(r.Name);
            w.Text(r.NormalizedName);
            w.Text(r.ConcurrencyStamp);
        });

    public static readonly Table<AppUser> Users = new("AspNetUsers",
        [
            Text("Id"), Text("UserName"), Text("NormalizedUserName"), Text("Email"), Text("NormalizedEmail"), Bool("EmailConfirmed"),
            Text("PasswordHash"), Text("SecurityStamp"), Text("ConcurrencyStamp"), Text("PhoneNumber"), Bool("PhoneNumberConfirmed"),
            Bool("TwoFactorEnabled"), Offset("LockoutEnd"), Bool("LockoutEnabled"), Int("AccessFailedCount"),
            Text("DisplayName"), Int("OrganizationId"), Int("RegionId"), Text("Culture"), Timestamp("DeactivatedAt"),
            Bool("PrefersWeeklyDigest"),
        ],
        (w, u) =>
        {
            w.Text(u.Id);
            w.Text(u.UserName);
            w.Text(u.NormalizedUserName);
            w.Text(u.Email);
            w.Text(u.NormalizedEmail);
            w.Bool(u.EmailConfirmed);
            w.Text(u.PasswordHash);
            w.Text(u.SecurityStamp);
            w.Text(u.ConcurrencyStamp);
            w.Text(u.PhoneNumber);
            w.Bool(u.PhoneNumberConfirmed);
            w.Bool(u.TwoFactorEnabled);
            w.Offset(u.LockoutEnd);
            w.Bool(u.LockoutEnabled);
            w.Int(u.AccessFailedCount);
            w.Text(u.DisplayName);
            w.Int(u.OrganizationId);
            w.Int(u.RegionId);
            w.Text(u.Culture);
            w.Timestamp(u.DeactivatedAt);
            w.Bool(u.PrefersWeeklyDigest);
        });

    public static readonly Table<IdentityUserRole<string>> UserRoles = new("AspNetUserRoles",
        [Text("UserId"), Text("RoleId")],
        (w, r) =>
        {
            w.Text(r.UserId);
            w.Text(r.RoleId);
        });

    /// <summary>Tables whose ids the generator sets itself, so identity sequences must move past them afterwards.</summary>
    public static readonly string[] TablesWithGeneratedIds =
        [ReportingCycles.Name, Organizations.Name, Commitments.Name, Indicators.Name, ProgressUpdates.Name];

    private static IEnumerable<(string Name, Column[] Columns, int[] MaxLengths)> All() =>
    [
        (ReportingCycles.Name, ReportingCycles.Columns, ReportingCycles.MaxLengths),
        (ReportingCycleThemes.Name, ReportingCycleThemes.Columns, ReportingCycleThemes.MaxLengths),
        (Organizations.Name, Organizations.Columns, Organizations.MaxLengths),
        (Commitments.Name, Commitments.Columns, Commitments.MaxLengths),
        (CommitmentThemes.Name, CommitmentThemes.Columns, CommitmentThemes.MaxLengths),
        (CommitmentCoPartners.Name, CommitmentCoPartners.Columns, CommitmentCoPartners.MaxLengths),
        (Indicators.Name, Indicators.Columns, Indicators.MaxLengths),
        (ProgressUpdates.Name, ProgressUpdates.Columns, ProgressUpdates.MaxLengths),
        (IndicatorValues.Name, IndicatorValues.Columns, IndicatorValues.MaxLengths),
        (Roles.Name, Roles.Columns, Roles.MaxLengths),
        (Users.Name, Users.Columns, Users.MaxLengths),
        (UserRoles.Name, UserRoles.Columns, UserRoles.MaxLengths),
    ];

    /// <summary>
    /// Checks every table against the EF model: the same set of columns, each of the kind the model
    /// stores (enums as text, DateOnly as date, DateTime as timestamp, decimal, Guid, bool, DateTimeOffset). Also takes the
    /// maximum text lengths from the model.
    /// </summary>
    public static void VerifyAgainst(IModel model)
    {
        var problems = new List<string>();
        foreach (var (name, columns, maxLengths) in All())
        {
            var table = model.GetRelationalModel().FindTable(name, null);
            if (table == null)
            {
                problems.Add($"table \"{name}\" is not in the model");
                continue;
            }
            var modelColumns = table.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            var missing = modelColumns.Keys.Except(columns.Select(c => c.Name)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"\"{name}\" has columns the generator does not fill: {string.Join(", ", missing)}");
            }
            for (var i = 0; i < columns.Length; i++)
            {
                if (!modelColumns.TryGetValue(columns[i].Name, out var column))
                {
                    problems.Add($"\"{name}\".\"{columns[i].Name}\" is not in the model");
                    continue;
                }
                var expected = KindOf(column);
                if (expected != columns[i].Kind)
                {
                    problems.Add($"\"{name}\".\"{columns[i].Name}\" is {expected?.ToString() ?? column.StoreType} in the model, the generator writes {columns[i].Kind}");
                }
                maxLengths[i] = column.MaxLength ?? 0;
            }
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "The scale data generator does not match the database model; update ScaleDataTables and ScaleDataset: " +
                string.Join("; ", problems) + ".");
        }
    }

    private static ColumnKind? KindOf(IColumn column)
    {
        var property = column.PropertyMappings.First().Property;
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (type.IsEnum)
        {
            // Enums are stored by name; a change to numbers would need the generator to follow.
            return property.GetTypeMapping().Converter?.ProviderClrType == typeof(string) ? ColumnKind.Text : null;
        }
        return type switch
        {
            _ when type == typeof(int) => ColumnKind.Int,
            _ when type == typeof(string) => ColumnKind.Text,
            _ when type == typeof(DateOnly) => ColumnKind.Date,
            _ when type == typeof(DateTime) => ColumnKind.Timestamp,
            _ when type == typeof(decimal) => ColumnKind.Decimal,
            _ when type == typeof(Guid) => ColumnKind.Uuid,
            _ when type == typeof(bool) => ColumnKind.Bool,
            _ when type == typeof(DateTimeOffset) => ColumnKind.Offset,
            _ => null,
        };
    }
}
