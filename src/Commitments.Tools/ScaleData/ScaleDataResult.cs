namespace Commitments.Tools.ScaleData;

/// <summary>What a run wrote: rows per table, in the order they were written, and how long it took.</summary>
public sealed record ScaleDataResult(IReadOnlyList<TableCount> Tables, TimeSpan Elapsed)
{
    public long RowsIn(string table) => Tables.Single(t => t.Table == table).Rows;

    public long TotalRows => Tables.Sum(t => t.Rows);
}

public sealed record TableCount(string Table, long Rows);
