//! Microsoft's documented examples of the date functions (CDate, DateAdd,
//! DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate).

mod expr_support;

use expr_support::{eval, eval_with, text};
use scim_mapper::datetime::parse_iso8601;
use scim_mapper::mapping::expr::{EvalContext, ExprValue};
use serde_json::json;

#[test]
fn cdate() {
    let hire = json!({"StatusHireDate": "2020-03-16-07:00"});
    assert_eq!(
        text("CDate([StatusHireDate])", hire),
        "3/16/2020 7:00:00 AM"
    );
    assert_eq!(
        text(r#"CDate("2021-06-30+08:00")"#, json!({})),
        "6/29/2021 4:00:00 PM"
    );
    assert_eq!(
        text(r#"CDate("2009-06-15T01:45:30-07:00")"#, json!({})),
        "6/15/2009 8:45:30 AM"
    );
}

#[test]
fn date_add() {
    let rows = [
        ("d", 7, "3/23/2012 7:00:00 AM"),
        ("d", -10, "3/6/2012 7:00:00 AM"),
        ("ww", 2, "3/30/2012 7:00:00 AM"),
        ("m", 10, "1/16/2013 7:00:00 AM"),
        ("yyyy", 2, "3/16/2014 7:00:00 AM"),
    ];
    for (interval, value, expected) in rows {
        let expression = format!(r#"DateAdd("{interval}", {value}, CDate([StatusHireDate]))"#);
        let hire = json!({"StatusHireDate": "2012-03-16-07:00"});
        assert_eq!(text(&expression, hire), expected, "{expression}");
    }
}

#[test]
fn date_diff() {
    let rows = [
        ("d", "2021-08-18+08:00", "2021-08-31+08:00", 13),
        ("d", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -3449),
        ("ww", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -493),
        ("m", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -113),
        ("yyyy", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", -9),
        ("d", "2021-08-31+08:00", "2021-08-31+08:00", 0),
        ("h", "2021-08-24", "2021-08-25", 24),
        ("n", "2021-08-24", "2021-08-25", 1440),
        ("s", "2021-08-24", "2021-08-25", 86400),
    ];
    for (interval, date1, date2, expected) in rows {
        let expression = format!(r#"DateDiff("{interval}", CDate([date1]), CDate([date2]))"#);
        let record = json!({"date1": date1, "date2": date2});
        assert_eq!(
            eval(&expression, record),
            ExprValue::Number(expected),
            "{interval} {date1} {date2}"
        );
    }
    // The documented form with Now(): date1 "8/25/2021 5:41:18 PM" is Now().
    let ctx = EvalContext {
        now_millis: parse_iso8601("2021-08-25T17:41:18Z").unwrap(),
        seed: 0,
    };
    let hire = json!({"StatusHireDate": "2012-03-16-07:00"});
    assert_eq!(
        eval_with(
            r#"DateDiff("d", Now(), CDate([StatusHireDate]))"#,
            hire,
            ctx
        ),
        ExprValue::Number(-3449)
    );
}

#[test]
fn date_diff_with_iif_and_switch() {
    let expression = r#"Switch([Active], ,
  "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"),
  "0", "False")"#;
    // Now() is 7/2/2021 3:33:38 PM.
    let soon = json!({"Active": "1", "StatusHireDate": "2021-07-05-07:00"});
    let later = json!({"Active": "1", "StatusHireDate": "2021-07-20-07:00"});
    let inactive = json!({"Active": "0", "StatusHireDate": "2021-07-05-07:00"});
    assert_eq!(text(expression, soon), "True");
    assert_eq!(text(expression, later), "False");
    assert_eq!(text(expression, inactive), "False");
    assert_eq!(eval(expression, json!({"Active": "2"})), ExprValue::Null);
}

#[test]
fn date_from_num() {
    // "Returns a DateTime representing January 1, 2012 at 11:00PM."
    assert_eq!(
        text("DateFromNum(129699324000000000)", json!({})),
        "1/1/2012 11:00:00 PM"
    );
    let user = json!({"lastLogonTimestamp": "129699324000000000"});
    assert_eq!(
        text("DateFromNum([lastLogonTimestamp])", user),
        "1/1/2012 11:00:00 PM"
    );
}

#[test]
fn format_date_time() {
    let user = json!({"extensionAttribute1": "20150123105347.1Z"});
    assert_eq!(
        text(
            r#"FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#,
            user
        ),
        "2015-01-23"
    );
}

#[test]
fn now() {
    assert_eq!(text("Now()", json!({})), "7/2/2021 3:33:38 PM");
}

#[test]
fn num_from_date() {
    // 2020-12-31 23:59:59-08:00 is 2021-01-01 07:59:59 UTC:
    // (1609487999 s + 11644473600 s) * 10^7 ticks.
    let expected = ExprValue::Number(132_539_615_990_000_000);
    let workday = r#"NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))"#;
    assert_eq!(
        eval(workday, json!({"ContractEndDate": "2020-12-31-08:00"})),
        expected
    );
    let success_factors = r#"NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd"),  " 23:59:59-08:00"))"#;
    assert_eq!(
        eval(
            success_factors,
            json!({"endDate": "12/31/2020 09:00:00 AM"})
        ),
        expected
    );
}
