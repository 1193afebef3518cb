using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence.Configurations;
using Commitments.Core.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Core.Persistence;

/// <summary>
/// The unit of work of the product, and the one place where tenancy is enforced: every query of
/// tenant-owned data is filtered by the <see cref="DataScope"/> of this context, and every save is
/// checked against it (<see cref="DataScopeGuard"/>). Code that must see more than the signed-in user
/// (a job, a report) sets a wider scope on the accessor before it asks; it never bypasses the filters.
/// </summary>
public class CommitmentsDbContext(
    DbContextOptions<CommitmentsDbContext> options,
    IDataScopeAccessor scopeAccessor,
    TimeProvider timeProvider)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<ReportingCycle> ReportingCycles => Set<ReportingCycle>();
    public DbSet<Commitment> Commitments => Set<Commitment>();
    public DbSet<Indicator> Indicators => Set<Indicator>();
    public DbSet<ProgressUpdate> ProgressUpdates => Set<ProgressUpdate>();
    public DbSet<IndicatorValue> IndicatorValues => Set<IndicatorValue>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AnnualReport> AnnualReports => Set<AnnualReport>();
    public DbSet<ReportRun> ReportRuns => Set<ReportRun>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ReminderLog> ReminderLogs => Set<ReminderLog>();
    public DbSet<ProgressEvidence> ProgressEvidence => Set<ProgressEvidence>();
    public DbSet<DigestLog> DigestLogs => Set<DigestLog>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();

    /// <summary>Co-partnerships as the commitment filter reads them (unfiltered; not for pages).</summary>
    internal DbSet<CoPartnerLink> CoPartnerLinks => Set<CoPartnerLink>();

    /// <summary>The scope in force for this context. Read on every query, so a widened scope applies at once.</summary>
    public DataScope Scope => scopeAccessor.Current;

    internal TimeProvider Time => timeProvider;

    // The query filters below read these members of the context instance. EF Core turns them into
    // query parameters evaluated per query, so one cached model serves every tenant without leaking.
    //
    // They are null, never a sentinel, where they do not apply: EF Core builds (and caches) the SQL per
    // null-ness of its parameters and drops a comparison with a null parameter, so a partner's query
    // reads only "own or co-partner", a lead's only "in my region", and each can use its index. With
    // a boolean "sees everything" and -1 for the rest, every query carried all four alternatives joined
    // by OR, which no index answers: each page scanned all commitments (docs/performance.md).
    private bool ScopeSeesEverything => Scope.SeesEverything;
    // "Sees everything" for the commitment filter: a boolean would become a parameter that stays in
    // the SQL ("@p OR ..."), and then no index serves the other alternatives. As a nullable number
    // compared with a column it follows the same null rule: null (every other scope) drops the term,
    // 0 makes it true for every row (Id * 0 = 0).
    private int? ScopeEverything => Scope.SeesEverything ? 0 : null;
    private int? ScopeOrganizationId => Scope.Kind == DataScopeKind.Organization ? Scope.OrganizationId!.Value : null;
    private int? ScopeRegionId => Scope.Kind == DataScopeKind.Region ? Scope.RegionId!.Value : null;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CommitmentsDbContext).Assembly);
        ApplyTenancyFilters(builder);
    }

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // CommitmentCoPartner is only ever read through its (filtered) commitment, so the warning that
        // a filtered principal may hide required dependents describes exactly what is intended.
        optionsBuilder.ConfigureWarnings(w => w.Ignore(
            Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All moments are stored in UTC. SQLite gives them back without a kind; say it is UTC so that
        // PostgreSQL (timestamptz) and conversions to Europe/Amsterdam behave the same on both providers.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
        configurationBuilder.Properties<decimal?>().HavePrecision(18, 2);
    }

    private void ApplyTenancyFilters(ModelBuilder builder)
    {
        // Who may see a commitment. A partner sees its own, and those it is named co-partner on (also
        // as a draft: it is asked to confirm its part before the lead submits); a regional lead sees
        // those of organisations in its region.
        // The co-partner test is written as "Id IN (the organisation's co-partnerships)": SQLite then
        // answers "own OR co-partner" from two indexes (a multi-index OR) instead of probing every row.
        System.Linq.Expressions.Expression<Func<Commitment, bool>> visible = c =>
            c.Id * 0 == ScopeEverything
            || c.OrganizationId == ScopeOrganizationId
            || CoPartnerLinks.Where(p => p.OrganizationId == ScopeOrganizationId).Select(p => p.CommitmentId).Contains(c.Id)
            || c.Organization!.RegionId == ScopeRegionId;

        builder.Entity<Commitment>().HasQueryFilter(visible);

        // Data that hangs off a commitment is visible exactly when its commitment is.
        builder.Entity<Indicator>().HasQueryFilter(visible.Through((Indicator i) => i.Commitment!));
        builder.Entity<ProgressUpdate>().HasQueryFilter(visible.Through((ProgressUpdate u) => u.Commitment!));
        builder.Entity<IndicatorValue>().HasQueryFilter(
            visible.Through((IndicatorValue v) => v.ProgressUpdate!.Commitment!));
        builder.Entity<ProgressEvidence>().HasQueryFilter(
            visible.Through((ProgressEvidence e) => e.ProgressUpdate!.Commitment!));
        builder.Entity<Review>().HasQueryFilter(visible.Through((Review r) => r.Commitment!));
        // The commitment filter reads co-partnerships through CoPartnerLinks, an unfiltered read-only view
        // of the same table, so that the co-partner rows themselves can be filtered through their
        // commitment without a circle.
        builder.Entity<CommitmentCoPartner>().HasQueryFilter(visible.Through((CommitmentCoPartner p) => p.Commitment!));
        builder.Entity<CoPartnerLink>().HasNoKey().ToView(CoPartnerLink.Table);
        // The themes of a commitment (a join table without a class of its own) are visible with it.
        builder.SharedTypeEntity<Dictionary<string, object>>(CommitmentConfiguration.ThemesJoinTable).HasQueryFilter(
            j => Commitments.Any(c => c.Id == EF.Property<int>(j, CommitmentConfiguration.ThemesJoinCommitmentKey)));
        builder.Entity<ReminderLog>().HasQueryFilter(visible.Through((ReminderLog l) => l.Commitment!));

        builder.Entity<AnnualReport>().HasQueryFilter(r =>
            ScopeSeesEverything || (r.RegionId != null && r.RegionId == ScopeRegionId));

        // A report run covers national data, one region or one organisation: visible to the scopes that
        // may see that data (the page narrows it further to the requester).
        builder.Entity<ReportRun>().HasQueryFilter(r =>
            ScopeSeesEverything
            || (r.RegionId != null && r.RegionId == ScopeRegionId)
            || (r.OrganizationId != null && r.OrganizationId == ScopeOrganizationId));

        builder.Entity<Invitation>().HasQueryFilter(i =>
            ScopeSeesEverything || i.OrganizationId == ScopeOrganizationId);

        builder.Entity<AuditEntry>().HasQueryFilter(a =>
            ScopeSeesEverything
            || a.OrganizationId == ScopeOrganizationId
            || Organizations.Any(o => o.Id == a.OrganizationId && o.RegionId == ScopeRegionId));
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        new DataScopeGuard(this).CheckAsync(CancellationToken.None).GetAwaiter().GetResult();
        new FrozenCycleGuard(this).CheckAsync(CancellationToken.None).GetAwaiter().GetResult();
        var summarised = ChangesSummarisedData();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (summarised)
        {
            RaiseSummariesVersion().ExecuteUpdate(s => s.SetProperty(v => v.Value, v => v.Value + 1));
        }
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        await new DataScopeGuard(this).CheckAsync(cancellationToken);
        await new FrozenCycleGuard(this).CheckAsync(cancellationToken);
        var summarised = ChangesSummarisedData();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (summarised)
        {
            await RaiseSummariesVersion().ExecuteUpdateAsync(s => s.SetProperty(v => v.Value, v => v.Value + 1), cancellationToken);
        }
        return saved;
    }

    /// <summary>
    /// Whether this save changes data that cached figures summarise (commitments, their parts, progress
    /// updates and their values, reviews, organisations). The counter is raised after the save, so a
    /// reader that saw the old counter may cache figures that are already newer, never older than the
    /// counter says (ADR-0022); inside a caller's transaction it commits with the change.
    /// </summary>
    private bool ChangesSummarisedData() => ChangeTracker.Entries()
        .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                  && (e.Entity is Commitment or CommitmentCoPartner or Indicator or ProgressUpdate or IndicatorValue or Review or Organization
                      || e.Metadata.Name == CommitmentConfiguration.ThemesJoinTable));

    private IQueryable<DataVersion> RaiseSummariesVersion() => DataVersions.Where(v => v.Id == DataVersion.Summaries);

    /// <summary>Stamps creation and change times and new concurrency versions.</summary>
    private void BeforeSave()
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        RenewVersionsOfChangedCommitments();
        foreach (var entry in ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Commitment c when entry.State is EntityState.Added:
                    c.CreatedAt = now;
                    c.UpdatedAt = now;
                    break;
                case Commitment c when entry.State is EntityState.Modified:
                    c.UpdatedAt = now;
                    c.Version = Guid.NewGuid();
                    break;
                case ProgressUpdate u when entry.State is EntityState.Added:
                    u.CreatedAt = now;
                    u.UpdatedAt = now;
                    break;
                case ProgressUpdate u when entry.State is EntityState.Modified:
                    u.UpdatedAt = now;
                    u.Version = Guid.NewGuid();
                    break;
                case Organization o when entry.State is EntityState.Added && o.CreatedAt == default:
                    o.CreatedAt = now;
                    break;
                case AuditEntry a when entry.State is EntityState.Added && a.OccurredAt == default:
                    a.OccurredAt = now;
                    break;
            }
        }
    }

    /// <summary>
    /// A change to a commitment's parts (themes, co-partners, indicators) is a change to the commitment:
    /// its row is marked changed so that it gets a new version and the save is checked against the
    /// version the form was loaded from. Otherwise a stale form that changes only the themes could
    /// overwrite a newer save. A co-partner's answer to its request is not the lead's content and
    /// leaves the version alone.
    /// </summary>
    private void RenewVersionsOfChangedCommitments()
    {
        var changedParts = ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => e.Entity is Indicator or CommitmentCoPartner
                        || e.Metadata.Name == CommitmentConfiguration.ThemesJoinTable)
            .Where(e => !(e.Entity is CommitmentCoPartner && e.State == EntityState.Modified
                          && e.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name is nameof(CommitmentCoPartner.Response) or nameof(CommitmentCoPartner.RespondedAt))))
            .Select(e => e.Property(CommitmentConfiguration.ThemesJoinCommitmentKey).CurrentValue ?? e.Property(CommitmentConfiguration.ThemesJoinCommitmentKey).OriginalValue)
            .OfType<int>()
            .ToHashSet();
        if (changedParts.Count == 0)
        {
            return;
        }
        foreach (var commitment in ChangeTracker.Entries<Commitment>().Where(e => e.State == EntityState.Unchanged && changedParts.Contains(e.Entity.Id)))
        {
            commitment.Property(c => c.UpdatedAt).IsModified = true; // BeforeSave then renews the version
        }
    }
}
