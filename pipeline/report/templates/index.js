(function(){
var el=document.getElementById('calls-data'),body=document.querySelector('table.calls tbody');
if(!el||!body)return;
var data=JSON.parse(el.textContent),rows=data.rows,runs=data.runs,size=data.page,shown=rows,at=0;
var q=document.getElementById('q'),pick=document.getElementById('decision');
var prev=document.getElementById('prev'),next=document.getElementById('next');
var info=document.getElementById('pageinfo'),more=document.getElementById('more');
function badge(td,v){var s=document.createElement('span');s.className='status st-'+v;
s.textContent=v;td.appendChild(s);}
function link(td,href,text){if(!href){td.textContent=text;return;}
var a=document.createElement('a');a.href=href;a.textContent=text;td.appendChild(a);}
function row(r){var tr=document.createElement('tr'),td=[];
for(var k=0;k<5;k++){td.push(document.createElement('td'));tr.appendChild(td[k]);}
tr.className=r[6]?'rev':'';link(td[0],r[1],r[0]);badge(td[1],r[2]);badge(td[2],r[3]);
td[3].className=td[4].className='nw';td[3].textContent=r[4];
if(r[5]>=0){link(td[4],runs[r[5]][1],runs[r[5]][0]);}return tr;}
function draw(){var end=Math.min(at+size,shown.length),frag=document.createDocumentFragment();
for(var i=at;i<end;i++){frag.appendChild(row(shown[i]));}
body.textContent='';body.appendChild(frag);
info.textContent=shown.length?(at+1)+'–'+end+' of '+shown.length:'no call matches';
prev.disabled=at===0;next.disabled=end>=shown.length;}
function filter(){var s=q.value.toLowerCase(),d=pick.value;
shown=rows.filter(function(r){return(!d||r[2]===d)&&(!s||r[0].toLowerCase().indexOf(s)>=0);});
at=0;draw();}
q.addEventListener('input',filter);pick.addEventListener('change',filter);
prev.addEventListener('click',function(){at=Math.max(0,at-size);draw();});
next.addEventListener('click',function(){if(at+size<shown.length){at+=size;draw();}});
document.querySelector('.pager').hidden=false;if(more){more.hidden=true;}
draw();document.body.setAttribute('data-ready',String(rows.length));
})();
